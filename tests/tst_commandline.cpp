#include <QTest>

#include "commandline.h"

using namespace Sluice;
using Action = CommandLineResult::Action;

class tst_CommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sizes_data();
    void sizes();
    void durations();
    void expiries_data();
    void expiries();
    void accepted();
    void recipeSpelling();
    void rulesForTheWindowsFiles();
    void rejected_data();
    void rejected();
    void helpAndVersion();
};

void tst_CommandLine::sizes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("bytes");
    QTest::addRow("bytes") << QStringLiteral("4096") << qint64(4096);
    QTest::addRow("K") << QStringLiteral("64K") << qint64(65536);
    QTest::addRow("k lower") << QStringLiteral("64k") << qint64(65536);
    QTest::addRow("KiB") << QStringLiteral("64KiB") << qint64(65536);
    QTest::addRow("M") << QStringLiteral("1M") << qint64(1 << 20);
    QTest::addRow("MB means MiB") << QStringLiteral("2MB") << qint64(2 << 20);
    QTest::addRow("G") << QStringLiteral("1G") << (qint64(1) << 30);
    QTest::addRow("B suffix") << QStringLiteral("100B") << qint64(100);
    QTest::addRow("space") << QStringLiteral("8 M") << qint64(8 << 20);
    QTest::addRow("negative") << QStringLiteral("-1") << qint64(-1);
    QTest::addRow("fraction") << QStringLiteral("1.5M") << qint64(-1);
    QTest::addRow("unknown suffix") << QStringLiteral("1T") << qint64(-1);
    QTest::addRow("empty") << QString() << qint64(-1);
    QTest::addRow("overflow") << QStringLiteral("99999999999999999999G") << qint64(-1);
}

void tst_CommandLine::sizes()
{
    QFETCH(QString, text);
    QFETCH(qint64, bytes);
    const auto parsed = parseByteSize(text);
    if (bytes < 0) {
        QVERIFY(!parsed);
    } else {
        QVERIFY(parsed);
        QCOMPARE(*parsed, bytes);
    }
}

void tst_CommandLine::durations()
{
    QCOMPARE(parseDuration(u"500ms")->count(), 500);
    QCOMPARE(parseDuration(u"10s")->count(), 10'000);
    QCOMPARE(parseDuration(u"7")->count(), 7'000);
    QCOMPARE(parseDuration(u"2m")->count(), 120'000);
    QVERIFY(!parseDuration(u"soon"));
    QVERIFY(!parseDuration(u"-1s"));
}

void tst_CommandLine::expiries_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("secondsFromNow"); // -1: refused
    QTest::addRow("seconds") << QStringLiteral("90s") << qint64(90);
    QTest::addRow("minutes") << QStringLiteral("30m") << qint64(1800);
    QTest::addRow("hours") << QStringLiteral("2h") << qint64(7200);
    QTest::addRow("days upper case") << QStringLiteral("7D") << qint64(7 * 86400);
    QTest::addRow("space") << QStringLiteral(" 3 h ") << qint64(3 * 3600);
    QTest::addRow("local time") << QStringLiteral("2026-12-24T18:00") << qint64(-2);
    QTest::addRow("bare number") << QStringLiteral("30") << qint64(-1);
    QTest::addRow("negative") << QStringLiteral("-1h") << qint64(-1);
    QTest::addRow("fraction") << QStringLiteral("1.5h") << qint64(-1);
    QTest::addRow("weeks") << QStringLiteral("2w") << qint64(-1);
    QTest::addRow("empty") << QString() << qint64(-1);
}

void tst_CommandLine::expiries()
{
    QFETCH(QString, text);
    QFETCH(qint64, secondsFromNow);
    const QDateTime now(QDate(2026, 6, 1), QTime(12, 0));
    const std::optional<QDateTime> when = parseExpiry(text, now);
    if (secondsFromNow == -1) {
        QVERIFY(!when);
    } else if (secondsFromNow == -2) {
        QVERIFY(when);
        QCOMPARE(*when, QDateTime(QDate(2026, 12, 24), QTime(18, 0))); // local time
    } else {
        QVERIFY(when);
        QCOMPARE(now.secsTo(*when), secondsFromNow);
    }
}

void tst_CommandLine::accepted()
{
    const CommandLineResult result = parseCommandLine({QStringLiteral("sluice"),
                                                       QStringLiteral("--headless"),
                                                       QStringLiteral("--blob"),
                                                       QStringLiteral("a.bin"),
                                                       QStringLiteral("--blob"),
                                                       QStringLiteral("b.bin"),
                                                       QStringLiteral("c.bin"),
                                                       QStringLiteral("--port"),
                                                       QStringLiteral("9000"),
                                                       QStringLiteral("--bind"),
                                                       QStringLiteral("127.0.0.1"),
                                                       QStringLiteral("--bind"),
                                                       QStringLiteral("[::1]"),
                                                       QStringLiteral("--chunk-size"),
                                                       QStringLiteral("256K"),
                                                       QStringLiteral("--index"),
                                                       QStringLiteral("--access-log"),
                                                       QStringLiteral("/tmp/log"),
                                                       QStringLiteral("--head-timeout"),
                                                       QStringLiteral("3s"),
                                                       QStringLiteral("--keepalive-timeout"),
                                                       QStringLiteral("500ms"),
                                                       QStringLiteral("--stall-timeout"),
                                                       QStringLiteral("1m"),
                                                       QStringLiteral("--max-connections"),
                                                       QStringLiteral("10"),
                                                       QStringLiteral("--max-rate"),
                                                       QStringLiteral("20M"),
                                                       QStringLiteral("--max-client-rate"),
                                                       QStringLiteral("5m"),
                                                       QStringLiteral("--exempt-loopback"),
                                                       QStringLiteral("--expires"),
                                                       QStringLiteral("2h"),
                                                       QStringLiteral("--max-downloads"),
                                                       QStringLiteral("3")});
    QCOMPARE(int(result.action), int(Action::Run));
    const AppOptions &options = result.options;
    QVERIFY(options.headless);
    QCOMPARE(
        options.blobs,
        QStringList({QStringLiteral("a.bin"), QStringLiteral("b.bin"), QStringLiteral("c.bin")}));
    QCOMPARE(options.server.port, quint16(9000));
    QCOMPARE(options.server.bindAddresses.size(), 2);
    QCOMPARE(options.server.bindAddresses[1], QHostAddress(QHostAddress::LocalHostIPv6));
    QCOMPARE(options.server.chunkSize, 256 * 1024);
    QVERIFY(options.server.listSharesAtRoot);
    QCOMPARE(options.accessLogPath, QStringLiteral("/tmp/log"));
    QCOMPARE(options.server.requestHeadTimeout.count(), 3000);
    QCOMPARE(options.server.keepAliveTimeout.count(), 500);
    QCOMPARE(options.server.stallTimeout.count(), 60'000);
    QCOMPARE(options.server.maxConnections, 10);
    QCOMPARE(options.server.rateLimits.totalRate, 20 * 1024 * 1024);
    QCOMPARE(options.server.rateLimits.clientRate, 5 * 1024 * 1024);
    QVERIFY(options.server.rateLimits.exemptLoopback);
    const qint64 expiresIn = QDateTime::currentDateTime().secsTo(options.expiresAt);
    QVERIFY2(expiresIn > 7100 && expiresIn <= 7200, qPrintable(QString::number(expiresIn)));
    QCOMPARE(options.maxDownloads, 3);
}

void tst_CommandLine::recipeSpelling()
{
    const CommandLineResult result = parseCommandLine(
        {QStringLiteral("sluice"), QStringLiteral("--headless"), QStringLiteral("--blob"),
         QStringLiteral("a"), QStringLiteral("--chunk_size"), QStringLiteral("65536")});
    QCOMPARE(int(result.action), int(Action::Run));
    QCOMPARE(result.options.server.chunkSize, 65536);
    const CommandLineResult defaults
        = parseCommandLine({QStringLiteral("sluice"), QStringLiteral("--headless"),
                            QStringLiteral("--blob"), QStringLiteral("a")});
    QCOMPARE(defaults.options.server.chunkSize, 1024 * 1024);
    QCOMPARE(defaults.options.server.port, quint16(8888));
    QVERIFY(defaults.options.server.bindAddresses.isEmpty());
    QVERIFY(!defaults.options.server.rateLimits.isActive());
    QVERIFY(!defaults.options.server.rateLimits.exemptLoopback);
}

void tst_CommandLine::rulesForTheWindowsFiles()
{
    // The window takes --expires and --max-downloads for the files it is given (or hands them
    // with the files to a window that runs); bad values are refused there as headless.
    const CommandLineResult result = parseCommandLine(
        {QStringLiteral("sluice"), QStringLiteral("--expires"), QStringLiteral("30m"),
         QStringLiteral("--max-downloads"), QStringLiteral("2"), QStringLiteral("a.iso")});
    QCOMPARE(int(result.action), int(Action::Run));
    QVERIFY(!result.options.headless);
    QCOMPARE(result.options.blobs, QStringList {QStringLiteral("a.iso")});
    const qint64 expiresIn = QDateTime::currentDateTime().secsTo(result.options.expiresAt);
    QVERIFY2(expiresIn > 1700 && expiresIn <= 1800, qPrintable(QString::number(expiresIn)));
    QCOMPARE(result.options.maxDownloads, 2);
    const CommandLineResult past
        = parseCommandLine({QStringLiteral("sluice"), QStringLiteral("--expires"),
                            QStringLiteral("2001-01-01T00:00"), QStringLiteral("a.iso")});
    QCOMPARE(int(past.action), int(Action::Fail));
    QCOMPARE(past.exitCode, 2);
    QVERIFY2(past.text.contains(QStringLiteral("--expires must be in the future")),
             qPrintable(past.text));
    const CommandLineResult zero
        = parseCommandLine({QStringLiteral("sluice"), QStringLiteral("--max-downloads"),
                            QStringLiteral("0"), QStringLiteral("a.iso")});
    QCOMPARE(int(zero.action), int(Action::Fail));
    QCOMPARE(zero.exitCode, 2);
}

void tst_CommandLine::rejected_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    const QStringList base = {QStringLiteral("sluice"), QStringLiteral("--headless"),
                              QStringLiteral("--blob"), QStringLiteral("f")};
    QTest::addRow("chunk too small")
        << base + QStringList {QStringLiteral("--chunk-size"), QStringLiteral("1K")}
        << QStringLiteral("--chunk-size must be from 4 KiB to 64 MiB");
    QTest::addRow("chunk too large")
        << base + QStringList {QStringLiteral("--chunk-size"), QStringLiteral("65M")}
        << QStringLiteral("4096-67108864");
    QTest::addRow("chunk garbage")
        << base + QStringList {QStringLiteral("--chunk_size"), QStringLiteral("big")}
        << QStringLiteral("--chunk-size");
    QTest::addRow("port too large")
        << base + QStringList {QStringLiteral("--port"), QStringLiteral("70000")}
        << QStringLiteral("--port must be a number from 0 to 65535");
    QTest::addRow("port garbage") << base
            + QStringList {QStringLiteral("--port"), QStringLiteral("http")}
                                  << QStringLiteral("--port");
    QTest::addRow("bind garbage") << base
            + QStringList {QStringLiteral("--bind"), QStringLiteral("lan")}
                                  << QStringLiteral("--bind");
    QTest::addRow("bad timeout") << base
            + QStringList {QStringLiteral("--stall-timeout"), QStringLiteral("0")}
                                 << QStringLiteral("--stall-timeout");
    QTest::addRow("bad max connections")
        << base + QStringList {QStringLiteral("--max-connections"), QStringLiteral("0")}
        << QStringLiteral("--max-connections must be a number from 1 to 100000");
    QTest::addRow("rate zero") << base
            + QStringList {QStringLiteral("--max-rate"), QStringLiteral("0")}
                               << QStringLiteral("--max-rate must be a rate of at least 1 KiB/s");
    QTest::addRow("rate below 1 KiB/s")
        << base + QStringList {QStringLiteral("--max-client-rate"), QStringLiteral("1000")}
        << QStringLiteral("--max-client-rate must be a rate of at least 1 KiB/s");
    QTest::addRow("rate negative")
        << base + QStringList {QStringLiteral("--max-rate"), QStringLiteral("-5M")}
        << QStringLiteral("--max-rate");
    QTest::addRow("rate garbage") << base
            + QStringList {QStringLiteral("--max-client-rate"), QStringLiteral("fast")}
                                  << QStringLiteral("\"fast\"");
    QTest::addRow("empty password") << base + QStringList {QStringLiteral("--password"), QString()}
                                    << QStringLiteral("--password must not be empty");
    QTest::addRow("two passwords") << base
            + QStringList {QStringLiteral("--password"), QStringLiteral("x"),
                           QStringLiteral("--password-file"), QStringLiteral("f")}
                                   << QStringLiteral("cannot be combined");
    QTest::addRow("unknown option")
        << base + QStringList {QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
    QTest::addRow("missing value")
        << QStringList {QStringLiteral("sluice"), QStringLiteral("--headless"),
                        QStringLiteral("--blob")}
        << QStringLiteral("blob");
    QTest::addRow("expires in the past")
        << base + QStringList {QStringLiteral("--expires"), QStringLiteral("2001-01-01T00:00")}
        << QStringLiteral("--expires must be in the future");
    QTest::addRow("expires zero") << base
            + QStringList {QStringLiteral("--expires"), QStringLiteral("0h")}
                                  << QStringLiteral("--expires must be in the future");
    QTest::addRow("expires negative")
        << base + QStringList {QStringLiteral("--expires"), QStringLiteral("-2h")}
        << QStringLiteral("--expires must be a duration such as 30m, 2h or 7d");
    QTest::addRow("expires bare number")
        << base + QStringList {QStringLiteral("--expires"), QStringLiteral("30")}
        << QStringLiteral("\"30\"");
    QTest::addRow("expires garbage")
        << base + QStringList {QStringLiteral("--expires"), QStringLiteral("tomorrow")}
        << QStringLiteral("--expires must be a duration");
    QTest::addRow("max downloads zero")
        << base + QStringList {QStringLiteral("--max-downloads"), QStringLiteral("0")}
        << QStringLiteral("--max-downloads must be a number from 1 to 1000000");
    QTest::addRow("max downloads negative")
        << base + QStringList {QStringLiteral("--max-downloads"), QStringLiteral("-3")}
        << QStringLiteral("--max-downloads must be a number from 1");
    QTest::addRow("max downloads garbage")
        << base + QStringList {QStringLiteral("--max-downloads"), QStringLiteral("many")}
        << QStringLiteral("\"many\"");
    QTest::addRow("headless without files")
        << QStringList {QStringLiteral("sluice"), QStringLiteral("--headless")}
        << QStringLiteral("--blob FILE");
}

void tst_CommandLine::rejected()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const CommandLineResult result = parseCommandLine(arguments);
    QCOMPARE(int(result.action), int(Action::Fail));
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.text.contains(mentions), qPrintable(result.text));
}

void tst_CommandLine::helpAndVersion()
{
    const CommandLineResult help
        = parseCommandLine({QStringLiteral("sluice"), QStringLiteral("--help")});
    QCOMPARE(int(help.action), int(Action::ShowHelp));
    QVERIFY(help.text.contains(QStringLiteral("--chunk-size")));
    QVERIFY(help.text.contains(QStringLiteral("--blob")));
    QVERIFY2(help.text.startsWith(QStringLiteral("Usage: sluice ")), qPrintable(help.text));
    const CommandLineResult version
        = parseCommandLine({QStringLiteral("sluice"), QStringLiteral("--version")});
    QCOMPARE(int(version.action), int(Action::ShowVersion));
    QVERIFY(version.text.startsWith(QStringLiteral("sluice ")));
}

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
