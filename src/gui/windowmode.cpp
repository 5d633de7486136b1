#include "windowmode.h"

#include <csignal>
#include <cstdio>

#include <QApplication>

#include "appsettings.h"
#include "commandline.h"
#include "engine.h"
#include "mainwindow.h"
#include "unixsignalwatcher.h"

namespace Sluice {

int runWindow(const AppOptions &options)
{
    QApplication::setApplicationDisplayName(QStringLiteral("Sluice"));
    QApplication::setDesktopFileName(QStringLiteral("sluice"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/sluice.svg")));
    Engine engine;
    if (!options.accessLogPath.isEmpty()) {
        QString error;
        if (!engine.server.accessLog().openFile(options.accessLogPath, &error)) {
            std::fprintf(stderr, "sluice: cannot open access log %s: %s\n", qPrintable(options.accessLogPath),
                qPrintable(error));
            return 1;
        }
    }
    AppSettings settings;
    MainWindow window(engine, settings);
    window.applyCommandLine(options);
    window.startServing();
    window.addFiles(options.blobs);
    window.show();

    UnixSignalWatcher signalWatcher({SIGINT, SIGTERM});
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &window, &QWidget::close);
    const int status = QApplication::exec();
    engine.server.stop();
    return status;
}

} // namespace Sluice
