#include "windowmode.h"

#include <csignal>
#include <cstdio>
#include <memory>

#include <QApplication>

#include "appicon.h"
#include "appsettings.h"
#include "commandline.h"
#include "engine.h"
#include "looplatencyprobe.h"
#include "mainwindow.h"
#include "unixsignalwatcher.h"

namespace Sluice {

int runWindow(const AppOptions &options)
{
    QApplication::setApplicationDisplayName(QStringLiteral("Sluice"));
    QApplication::setDesktopFileName(QStringLiteral("sluice"));
    QApplication::setWindowIcon(appIcon());
    Engine engine;
    if (!options.accessLogPath.isEmpty()) {
        QString error;
        if (!engine.server.accessLog().openFile(options.accessLogPath, &error)) {
            std::fprintf(stderr, "sluice: cannot open access log %s: %s\n",
                         qPrintable(options.accessLogPath), qPrintable(error));
            return 1;
        }
    }
    AppSettings settings;
    MainWindow window(engine, settings);
    window.applyCommandLine(options);
    window.startServing();
    window.addFiles(options.blobs);
    window.show();

    // --loop-stats: a first SIGUSR1 starts measuring loop lateness, the next prints it.
    std::unique_ptr<LoopLatencyProbe> probe;
    if (options.loopStats)
        probe = std::make_unique<LoopLatencyProbe>();
    UnixSignalWatcher signalWatcher({SIGINT, SIGTERM, SIGUSR1});
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &window,
                     [&window, &probe](int signalNumber) {
                         if (signalNumber != SIGUSR1) {
                             window.close();
                         } else if (probe) {
                             toggleProbe(*probe);
                         }
                     });
    const int status = QApplication::exec();
    engine.server.stop();
    return status;
}

} // namespace Sluice
