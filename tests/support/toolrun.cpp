#include "toolrun.h"

#include <QProcess>

#include "httptestclient.h"

namespace SluiceTest {

ToolResult runTool(const QString &program, const QStringList &arguments, const QString &workDir,
                   int timeoutMs)
{
    QProcess process;
    if (!workDir.isEmpty())
        process.setWorkingDirectory(workDir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    QByteArray output;
    const bool ended = waitUntil(
        [&] {
            output += process.readAll(); // a chatty tool must not fill its pipe and stop
            return process.state() == QProcess::NotRunning;
        },
        timeoutMs);
    if (!ended) {
        process.kill();
        process.waitForFinished();
        return {-1, output + process.readAll() + "\n(timed out)"};
    }
    output += process.readAll();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, output};
}

} // namespace SluiceTest
