#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace SluiceTest {

struct ToolResult
{
    int exitCode = -1; // -1 when it crashed or timed out
    QByteArray output; // standard output and error, merged
};

// Runs a program while the event loop keeps serving (a blocking wait would stall the server).
ToolResult runTool(const QString &program, const QStringList &arguments,
                   const QString &workDir = {}, int timeoutMs = 120'000);

} // namespace SluiceTest
