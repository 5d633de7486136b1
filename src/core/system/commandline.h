#pragma once

#include <chrono>
#include <optional>

#include <QDateTime>
#include <QString>
#include <QStringList>

#include "serversettings.h"

namespace Sluice {

struct AppOptions
{
    bool headless = false;
    QStringList blobs; // --blob values and positional files, in order
    ServerSettings server;
    bool chunkSizeGiven = false; // the window keeps its saved setting unless asked otherwise
    bool portGiven = false;
    QString accessLogPath; // empty: stderr in headless mode
    bool loopStats = false;
    bool progress = false; // headless: a live status line on stderr
    QString statePath; // headless: the file that keeps the shares between runs; empty: none
    // Headless: a password for every share, from --password-file (read at start), or given
    // on the command line with --password (visible to other users: a warning is printed).
    QString passwordFile;
    QString password;
    bool passwordOnCommandLine = false;
    // Rules for every file given on the command line (headless, or in the window). Invalid: no
    // expiry; 0: no cap.
    QDateTime expiresAt;
    int maxDownloads = 0;
};

struct CommandLineResult
{
    enum class Action { Run, ShowHelp, ShowVersion, Fail };
    Action action = Action::Run;
    AppOptions options;
    QString text; // help text, version text or the error message
    int exitCode = 0;
};

// Parses the arguments (argv[0] first). Pure: prints nothing and never exits.
CommandLineResult parseCommandLine(const QStringList &arguments);

// "1048576", "64K", "1M", "1MiB", "2g": powers of 1024. nullopt when malformed or too large.
std::optional<qint64> parseByteSize(QStringView text);
// "500ms", "10s", "2m", or a bare number of seconds.
std::optional<std::chrono::milliseconds> parseDuration(QStringView text);
// "90s", "30m", "2h", "7d" from `now`, or a date and time ("2026-12-24T18:00", local time
// unless it names an offset). nullopt when malformed; the result may lie in the past.
std::optional<QDateTime> parseExpiry(QStringView text, const QDateTime &now);
// "1 MiB", "64 KiB", "4096 B": exact when possible, for messages.
QString formatByteSize(qint64 bytes);

} // namespace Sluice
