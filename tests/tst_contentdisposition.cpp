#include <QTest>
#include <QUrl>

#include "contentdisposition.h"

using namespace Sluice;

class tst_ContentDisposition : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void header_data();
    void header();
    void encodedNameRoundTrips_data();
    void encodedNameRoundTrips();
    void pathSegment();
};

void tst_ContentDisposition::header_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("plain")
        << QStringLiteral("report.pdf")
        << QByteArray("attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
    QTest::addRow("spaces")
        << QStringLiteral("my file.txt")
        << QByteArray("attachment; filename=\"my file.txt\"; filename*=UTF-8''my%20file.txt");
    QTest::addRow("accents")
        << QStringLiteral("café.txt")
        << QByteArray("attachment; filename=\"cafe.txt\"; filename*=UTF-8''caf%C3%A9.txt");
    QTest::addRow("non-latin")
        << QStringLiteral("日本.txt")
        << QByteArray("attachment; filename=\"__.txt\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt");
    QTest::addRow("quote and backslash")
        << QStringLiteral("a\"b\\c.txt")
        << QByteArray("attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%5Cc.txt");
    QTest::addRow("control char") << QStringLiteral(
        "a\nb") << QByteArray("attachment; filename=\"a_b\"; filename*=UTF-8''a%0Ab");
    QTest::addRow("attr-chars kept")
        << QStringLiteral("a!#$&+^`|~.-_")
        << QByteArray("attachment; filename=\"a!#$&+^`|~.-_\"; filename*=UTF-8''a!#$&+^`|~.-_");
    QTest::addRow("percent and semicolon")
        << QStringLiteral("100%;x")
        << QByteArray("attachment; filename=\"100%;x\"; filename*=UTF-8''100%25%3Bx");
}

void tst_ContentDisposition::header()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, expected);
    QCOMPARE(contentDispositionAttachment(name), expected);
}

void tst_ContentDisposition::encodedNameRoundTrips_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name :
         {QStringLiteral("x y"), QStringLiteral("ü ß.tar.gz"), QStringLiteral("😀.png"),
          QStringLiteral("a'b\"c"), QStringLiteral("tab\there")})
        QTest::addRow("%s", qPrintable(name)) << name;
}

void tst_ContentDisposition::encodedNameRoundTrips()
{
    QFETCH(QString, name);
    const QByteArray header = contentDispositionAttachment(name);
    const QByteArray encoded = header.mid(header.indexOf("UTF-8''") + 7);
    QCOMPARE(QUrl::fromPercentEncoding(encoded), name);
    const QByteArray fallback = asciiFallbackFileName(name);
    for (char c : fallback) {
        QVERIFY(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f);
        QVERIFY(c != '"' && c != '\\');
    }
}

void tst_ContentDisposition::pathSegment()
{
    QCOMPARE(encodePathSegment(QStringLiteral("a b/c?.txt")), QByteArray("a%20b%2Fc%3F.txt"));
    QCOMPARE(encodePathSegment(QStringLiteral("é")), QByteArray("%C3%A9"));
}

QTEST_GUILESS_MAIN(tst_ContentDisposition)
#include "tst_contentdisposition.moc"
