#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QRegularExpression>

namespace Sluice {
namespace {

constexpr int exitUsage = 2; // the conventional status for a bad command line

CommandLineResult failure(const QString &message)
{
    CommandLineResult result;
    result.action = CommandLineResult::Action::Fail;
    result.text = message;
    result.exitCode = exitUsage;
    return result;
}

std::optional<qint64> parseBoundedInteger(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

// One option: its names, its help text (translated at run time) and, if it takes one, its value name.
QCommandLineOption option(std::initializer_list<const char *> names, const char *help,
                          const char *valueName = nullptr)
{
    QStringList nameList;
    for (const char *name : names)
        nameList.append(QString::fromLatin1(name));
    return QCommandLineOption(nameList, QCoreApplication::translate("CommandLine", help),
                              valueName ? QString::fromLatin1(valueName) : QString());
}

} // namespace

std::optional<qint64> parseByteSize(QStringView text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*(\\d+)\\s*(?:([kmg])(?:i?b)?|b)?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(text.toString());
    if (!match.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 number = match.capturedView(1).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    const QString unit = match.captured(2).toLower();
    const int shift = unit == u"k" ? 10 : unit == u"m" ? 20 : unit == u"g" ? 30 : 0;
    if (number > (std::numeric_limits<qint64>::max() >> shift))
        return std::nullopt;
    return number << shift;
}

std::optional<std::chrono::milliseconds> parseDuration(QStringView text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d+)\\s*(ms|s|m)?\\s*$"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(text.toString());
    if (!match.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 number = match.capturedView(1).toLongLong(&ok);
    if (!ok || number > 24 * 3600 * 1000)
        return std::nullopt;
    const QString unit = match.captured(2).toLower();
    if (unit == u"ms")
        return std::chrono::milliseconds(number);
    if (unit == u"m")
        return std::chrono::minutes(number);
    return std::chrono::seconds(number);
}

std::optional<QDateTime> parseExpiry(QStringView text, const QDateTime &now)
{
    static const QRegularExpression duration(QStringLiteral("^\\s*(\\d{1,9})\\s*([smhd])\\s*$"),
                                             QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = duration.match(text.toString());
    if (match.hasMatch()) {
        const qint64 number = match.capturedView(1).toLongLong();
        const QChar unit = match.capturedView(2).front().toLower();
        const qint64 seconds = unit == u'd' ? 86'400 : unit == u'h' ? 3'600 : unit == u'm' ? 60 : 1;
        return now.addSecs(number * seconds);
    }
    // A bare number is refused: seconds or minutes would be a guess.
    const QDateTime when = QDateTime::fromString(text.trimmed().toString(), Qt::ISODate);
    if (!when.isValid())
        return std::nullopt;
    return when;
}

QString formatByteSize(qint64 bytes)
{
    if (bytes >= (1 << 20) && bytes % (1 << 20) == 0)
        return QStringLiteral("%1 MiB").arg(bytes >> 20);
    if (bytes >= (1 << 10) && bytes % (1 << 10) == 0)
        return QStringLiteral("%1 KiB").arg(bytes >> 10);
    return QStringLiteral("%1 B").arg(bytes);
}

CommandLineResult parseCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "CommandLine", "Share files with every device on the local network over HTTP."));
    const QCommandLineOption help
        = option({"h", "help"}, QT_TRANSLATE_NOOP("CommandLine", "Show this help and exit."));
    const QCommandLineOption version
        = option({"v", "version"}, QT_TRANSLATE_NOOP("CommandLine", "Show the version and exit."));
    const QCommandLineOption headless
        = option({"headless"},
                 QT_TRANSLATE_NOOP("CommandLine", "Serve without a window until interrupted."));
    const QCommandLineOption blob
        = option({"blob"},
                 QT_TRANSLATE_NOOP("CommandLine",
                                   "Share FILE, or a folder as one ZIP archive "
                                   "(repeatable)."),
                 "FILE");
    const QCommandLineOption port
        = option({"port"},
                 QT_TRANSLATE_NOOP("CommandLine",
                                   "Listen on port N, 0-65535; 0 picks a free one (default 8888)."),
                 "N");
    const QCommandLineOption bind
        = option({"bind"},
                 QT_TRANSLATE_NOOP("CommandLine",
                                   "Listen only on ADDR (repeatable; default: every address)."),
                 "ADDR");
    const QCommandLineOption chunkSize
        = option({"chunk-size", "chunk_size"},
                 QT_TRANSLATE_NOOP("CommandLine",
                                   "Bytes written per chunk, 4K-64M, K/M/G suffixes (default 1M)."),
                 "SIZE");
    const QCommandLineOption index
        = option({"index"}, QT_TRANSLATE_NOOP("CommandLine", "List the shares on the root page."));
    const QCommandLineOption accessLog
        = option({"access-log"},
                 QT_TRANSLATE_NOOP("CommandLine",
                                   "Append the access log to FILE (headless default: stderr)."),
                 "FILE");
    const QCommandLineOption headTimeout = option(
        {"head-timeout"},
        QT_TRANSLATE_NOOP("CommandLine", "Time allowed for a request head (default 10s)."), "TIME");
    const QCommandLineOption keepAliveTimeout = option(
        {"keepalive-timeout"},
        QT_TRANSLATE_NOOP("CommandLine",
                          "Idle time before a keep-alive connection closes (default 15s)."),
        "TIME");
    const QCommandLineOption stallTimeout = option(
        {"stall-timeout"},
        QT_TRANSLATE_NOOP("CommandLine",
                          "Time a client may stop reading before it is dropped (default 60s)."),
        "TIME");
    const QCommandLineOption maxConnections = option(
        {"max-connections"},
        QT_TRANSLATE_NOOP("CommandLine", "Connections served at once, 1-100000 (default 2048)."),
        "N");
    const QCommandLineOption loopStats = option(
        {"loop-stats"},
        QT_TRANSLATE_NOOP(
            "CommandLine",
            "Measure event-loop lateness: SIGUSR1 starts, the next SIGUSR1 prints to stderr."));
    const QCommandLineOption progress = option(
        {"progress"},
        QT_TRANSLATE_NOOP("CommandLine",
                          "Show a live status line (active downloads, speed, ETA) on stderr."));
    const QCommandLineOption state = option(
        {"state"},
        QT_TRANSLATE_NOOP("CommandLine",
                          "Headless: keep the shares and their links in FILE between runs."),
        "FILE");
    const QCommandLineOption maxRate
        = option({"max-rate"},
                 QT_TRANSLATE_NOOP(
                     "CommandLine",
                     "Cap the total upload rate, bytes per second, K/M/G suffixes, at least 1K "
                     "(default: no cap)."),
                 "RATE");
    const QCommandLineOption maxClientRate
        = option({"max-client-rate"},
                 QT_TRANSLATE_NOOP("CommandLine",
                                   "Cap each client's (address's) upload rate, like --max-rate."),
                 "RATE");
    const QCommandLineOption exemptLoopback = option(
        {"exempt-loopback"},
        QT_TRANSLATE_NOOP("CommandLine", "Do not apply the rate caps to this machine's clients."));
    const QCommandLineOption passwordFile
        = option({"password-file"},
                 QT_TRANSLATE_NOOP("CommandLine",
                                   "Protect every share with the password on FILE's first line "
                                   "(or set SLUICE_PASSWORD)."),
                 "FILE");
    const QCommandLineOption password = option(
        {"password"},
        QT_TRANSLATE_NOOP("CommandLine",
                          "Protect every share with PASSWORD (other users can see it in the "
                          "process list: prefer --password-file)."),
        "PASSWORD");
    const QCommandLineOption expires
        = option({"expires"},
                 QT_TRANSLATE_NOOP("CommandLine",
                                   "The links of the files given stop working (410 Gone) after a "
                                   "duration such as 30m, 2h or 7d, or at a local time such as "
                                   "2026-12-24T18:00."),
                 "WHEN");
    const QCommandLineOption maxDownloads = option(
        {"max-downloads"},
        QT_TRANSLATE_NOOP("CommandLine",
                          "Allow N completed downloads of each file given (each client's "
                          "delivered bytes counted once, whatever its ranges and resumes)."),
        "N");
    parser.addOptions({help,
                       version,
                       headless,
                       blob,
                       port,
                       bind,
                       chunkSize,
                       index,
                       accessLog,
                       headTimeout,
                       keepAliveTimeout,
                       stallTimeout,
                       maxConnections,
                       loopStats,
                       progress,
                       maxRate,
                       maxClientRate,
                       exemptLoopback,
                       state,
                       passwordFile,
                       password});
    parser.addOptions({expires, maxDownloads});
    parser.addPositionalArgument(
        QStringLiteral("files"),
        QCoreApplication::translate("CommandLine", "Files to share, like --blob."),
        QStringLiteral("[FILE...]"));

    if (!parser.parse(arguments))
        return failure(parser.errorText());
    CommandLineResult result;
    if (parser.isSet(help)) {
        result.action = CommandLineResult::Action::ShowHelp;
        // The program is "sluice" however it was started (and before any QCoreApplication).
        QString text = parser.helpText();
        const qsizetype programStart = text.indexOf(u' ') + 1;
        result.text = text.replace(programStart, text.indexOf(u' ', programStart) - programStart,
                                   QStringLiteral("sluice"));
        return result;
    }
    if (parser.isSet(version)) {
        result.action = CommandLineResult::Action::ShowVersion;
        result.text = QStringLiteral("sluice " SLUICE_VERSION);
        return result;
    }

    AppOptions &options = result.options;
    options.headless = parser.isSet(headless);
    options.blobs = parser.values(blob) + parser.positionalArguments();
    options.server.listSharesAtRoot = parser.isSet(index);
    options.accessLogPath = parser.value(accessLog);
    options.loopStats = parser.isSet(loopStats);
    options.progress = parser.isSet(progress);
    options.statePath = parser.value(state);
    options.passwordFile = parser.value(passwordFile);
    options.password = parser.value(password);
    options.passwordOnCommandLine = parser.isSet(password);
    if (options.passwordOnCommandLine && options.password.isEmpty())
        return failure(QCoreApplication::translate("CommandLine", "--password must not be empty"));
    if (options.passwordOnCommandLine && !options.passwordFile.isEmpty())
        return failure(QCoreApplication::translate(
            "CommandLine", "--password and --password-file cannot be combined"));

    if (parser.isSet(port)) {
        const auto value = parseBoundedInteger(parser.value(port), 0, 65535);
        if (!value)
            return failure(QCoreApplication::translate(
                               "CommandLine", "--port must be a number from 0 to 65535, got \"%1\"")
                               .arg(parser.value(port)));
        options.server.port = quint16(*value);
        options.portGiven = true;
    }
    for (const QString &text : parser.values(bind)) {
        const QHostAddress address(text.trimmed().remove(u'[').remove(u']'));
        if (address.isNull())
            return failure(QCoreApplication::translate(
                               "CommandLine", "--bind needs an IPv4 or IPv6 address, got \"%1\"")
                               .arg(text));
        options.server.bindAddresses.append(address);
    }
    if (parser.isSet(chunkSize)) {
        const auto value = parseByteSize(parser.value(chunkSize));
        if (!value || !ServerSettings::isValidChunkSize(*value))
            return failure(
                QCoreApplication::translate(
                    "CommandLine", "--chunk-size must be from %1 to %2 (%3-%4 bytes), got \"%5\"")
                    .arg(formatByteSize(ServerSettings::minChunkSize),
                         formatByteSize(ServerSettings::maxChunkSize))
                    .arg(ServerSettings::minChunkSize)
                    .arg(ServerSettings::maxChunkSize)
                    .arg(parser.value(chunkSize)));
        options.server.chunkSize = *value;
        options.chunkSizeGiven = true;
    }
    const std::pair<const QCommandLineOption *, std::chrono::milliseconds *> timeouts[] = {
        {&headTimeout, &options.server.requestHeadTimeout},
        {&keepAliveTimeout, &options.server.keepAliveTimeout},
        {&stallTimeout, &options.server.stallTimeout},
    };
    for (const auto &[option, target] : timeouts) {
        if (!parser.isSet(*option))
            continue;
        const auto value = parseDuration(parser.value(*option));
        if (!value || value->count() < 1)
            return failure(
                QCoreApplication::translate(
                    "CommandLine",
                    "--%1 must be a duration such as 500ms, 10s or 2m (up to 24 hours), got \"%2\"")
                    .arg(option->names().constFirst(), parser.value(*option)));
        *target = *value;
    }
    if (parser.isSet(maxConnections)) {
        const auto value = parseBoundedInteger(parser.value(maxConnections), 1, 100000);
        if (!value)
            return failure(QCoreApplication::translate(
                               "CommandLine",
                               "--max-connections must be a number from 1 to 100000, got \"%1\"")
                               .arg(parser.value(maxConnections)));
        options.server.maxConnections = int(*value);
    }
    const std::pair<const QCommandLineOption *, qint64 *> rates[] = {
        {&maxRate, &options.server.rateLimits.totalRate},
        {&maxClientRate, &options.server.rateLimits.clientRate},
    };
    for (const auto &[option, target] : rates) {
        if (!parser.isSet(*option))
            continue;
        const auto value = parseByteSize(parser.value(*option));
        if (!value || *value < RateLimits::minRate)
            return failure(
                QCoreApplication::translate("CommandLine",
                                            "--%1 must be a rate of at least 1 KiB/s in bytes per "
                                            "second, such as 512K, 20M or 1G, got \"%2\"")
                    .arg(option->names().constFirst(), parser.value(*option)));
        *target = *value;
    }
    options.server.rateLimits.exemptLoopback = parser.isSet(exemptLoopback);
    if (parser.isSet(expires)) {
        const QDateTime now = QDateTime::currentDateTime();
        const auto value = parseExpiry(parser.value(expires), now);
        if (!value)
            return failure(QCoreApplication::translate(
                               "CommandLine",
                               "--expires must be a duration such as 30m, 2h or 7d, or "
                               "a local time such as 2026-12-24T18:00, got \"%1\"")
                               .arg(parser.value(expires)));
        if (*value <= now)
            return failure(
                QCoreApplication::translate("CommandLine",
                                            "--expires must be in the future, got \"%1\" (now: %2)")
                    .arg(parser.value(expires), now.toString(Qt::ISODate)));
        options.expiresAt = *value;
    }
    if (parser.isSet(maxDownloads)) {
        const auto value = parseBoundedInteger(parser.value(maxDownloads), 1, 1'000'000);
        if (!value)
            return failure(
                QCoreApplication::translate(
                    "CommandLine", "--max-downloads must be a number from 1 to 1000000, got \"%1\"")
                    .arg(parser.value(maxDownloads)));
        options.maxDownloads = int(*value);
    }
    if (parser.isSet(state) && !options.headless)
        return failure(
            QCoreApplication::translate("CommandLine",
                                        "--state is for --headless; the window keeps its shares in "
                                        "the user's data folder"));
    if (parser.isSet(state) && options.statePath.isEmpty())
        return failure(QCoreApplication::translate("CommandLine", "--state needs a file name"));
    // With --state, the shares saved by the last run may be all there is to serve.
    if (options.headless && options.blobs.isEmpty() && options.statePath.isEmpty())
        return failure(QCoreApplication::translate(
            "CommandLine", "--headless needs at least one file: --blob FILE"));
    return result;
}

} // namespace Sluice
