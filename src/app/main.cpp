#include <cstdio>
#include <memory>
#include <sys/resource.h>

#include <QCoreApplication>

#include "commandline.h"
#include "headless.h"

#ifdef SLUICE_WITH_GUI
#include <QApplication>

#include "windowmode.h"
#endif

namespace {

// Desktop sessions often start with a soft limit of 1,024 descriptors: one per client is needed.
void raiseOpenFileLimit()
{
    struct rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

QStringList argumentsOf(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication::setApplicationName(QStringLiteral("sluice"));
    QCoreApplication::setOrganizationName(QStringLiteral("Sluice"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLUICE_VERSION));
    raiseOpenFileLimit();

    const Sluice::CommandLineResult parsed = Sluice::parseCommandLine(argumentsOf(argc, argv));
    switch (parsed.action) {
    case Sluice::CommandLineResult::Action::ShowHelp:
    case Sluice::CommandLineResult::Action::ShowVersion:
        std::printf("%s\n", qPrintable(parsed.text));
        return 0;
    case Sluice::CommandLineResult::Action::Fail:
        std::fprintf(stderr, "sluice: %s\nTry 'sluice --help' for more information.\n",
                     qPrintable(parsed.text));
        return parsed.exitCode;
    case Sluice::CommandLineResult::Action::Run:
        break;
    }

#ifdef SLUICE_WITH_GUI
    if (!parsed.options.headless) {
        QApplication app(argc, argv);
        return Sluice::runWindow(parsed.options);
    }
#else
    if (!parsed.options.headless) {
        std::fprintf(stderr, "sluice: this build has no window; use --headless --blob FILE\n");
        return 2;
    }
#endif
    QCoreApplication app(argc, argv);
    return Sluice::runHeadless(parsed.options);
}
