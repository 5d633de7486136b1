#include <memory>

#include <QDialogButtonBox>
#include <QLabel>
#include <QLibraryInfo>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "appsettings.h"
#include "apptranslators.h"
#include "dropzone.h"
#include "engine.h"
#include "httptestclient.h"
#include "mainwindow.h"
#include "testserver.h"
#include "transfer.h"

using namespace Sluice;
using namespace SluiceTest;

// The application speaks the user's language: Sluice's own translation and Qt's, chosen by the
// locale at start, plurals by the language's rules, end reasons worded only when shown.
class tst_Translations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void helpFollowsTheSystemLocale_data();
    void helpFollowsTheSystemLocale();
    void windowSpeaksGermanForAGermanLocale();
    void windowSpeaksEnglishForAnEnglishLocale();
    void pluralsFollowTheLanguage_data();
    void pluralsFollowTheLanguage();
    void endReasonsAreWordedWhenShown();

private:
    void openWindow();
    QString serveButtonText() const;

    QTemporaryDir m_dir;
    std::unique_ptr<AppTranslators> m_translators;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void tst_Translations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath)
                           + QStringLiteral("/qtbase_de.qm")),
             "Qt's German translation is missing (Debian: qt6-translations-l10n)");
}

void tst_Translations::cleanup()
{
    m_window.reset();
    m_engine.reset();
    m_settings.reset();
    m_translators.reset();
    QLocale::setDefault(QLocale::system());
}

void tst_Translations::openWindow()
{
    m_engine = std::make_unique<Engine>();
    m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_settings->setPort(freePort());
    m_window = std::make_unique<MainWindow>(*m_engine, *m_settings);
    m_window->startServing();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

QString tst_Translations::serveButtonText() const
{
    const auto *button = m_window->findChild<QPushButton *>(QStringLiteral("serveButton"));
    return button ? button->text() : QString();
}

// The real program: the locale comes from the environment, as a desktop session sets it.
void tst_Translations::helpFollowsTheSystemLocale_data()
{
    QTest::addColumn<QByteArray>("locale");
    QTest::addColumn<QString>("sluiceText"); // from Sluice's translation
    QTest::addColumn<QString>("qtText"); // from Qt's own (QCommandLineParser)
    QTest::addRow("German") << QByteArray("de_DE.UTF-8")
                            << QStringLiteral("Diese Hilfe anzeigen und beenden.")
                            << QStringLiteral("Optionen:");
    QTest::addRow("English") << QByteArray("en_US.UTF-8")
                             << QStringLiteral("Show this help and exit.")
                             << QStringLiteral("Options:");
    QTest::addRow("C") << QByteArray("C") << QStringLiteral("Show this help and exit.")
                       << QStringLiteral("Options:");
}

void tst_Translations::helpFollowsTheSystemLocale()
{
    QFETCH(QByteArray, locale);
    QFETCH(QString, sluiceText);
    QFETCH(QString, qtText);
    QProcess sluice;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("LANGUAGE"));
    environment.insert(QStringLiteral("LC_ALL"), QString::fromLatin1(locale));
    environment.insert(QStringLiteral("LANG"), QString::fromLatin1(locale));
    sluice.setProcessEnvironment(environment);
    sluice.start(QStringLiteral(SLUICE_BINARY), {QStringLiteral("--help")});
    QVERIFY(sluice.waitForFinished(30'000));
    const QString help = QString::fromUtf8(sluice.readAllStandardOutput());
    QCOMPARE(sluice.exitCode(), 0);
    QVERIFY2(help.contains(sluiceText), qPrintable(help));
    QVERIFY2(help.contains(qtText), qPrintable(help));

    // An error names what is wrong in the same language.
    sluice.start(QStringLiteral(SLUICE_BINARY), {QStringLiteral("--port"), QStringLiteral("x")});
    QVERIFY(sluice.waitForFinished(30'000));
    QCOMPARE(sluice.exitCode(), 2);
    const QString error = QString::fromUtf8(sluice.readAllStandardError());
    const QString expected = locale.startsWith("de") ? QStringLiteral("muss eine Zahl")
                                                     : QStringLiteral("must be a number");
    QVERIFY2(error.contains(expected), qPrintable(error));
}

// The window's own path: the translators follow the default locale (the system's unless set).
void tst_Translations::windowSpeaksGermanForAGermanLocale()
{
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    m_translators = std::make_unique<AppTranslators>();
    QCOMPARE(m_translators->language(), QStringLiteral("de_DE"));
    openWindow();
    QCOMPARE(serveButtonText(), QStringLiteral("Server &stoppen"));
    const auto *status = m_window->findChild<QLabel *>(QStringLiteral("serverStatusLabel"));
    QVERIFY(status);
    QVERIFY2(status->text().startsWith(QStringLiteral("Bereit auf ")), qPrintable(status->text()));
    QVERIFY(m_window->findChild<DropZone *>(QStringLiteral("dropZone")));

    // Two shares: the status counts them with German plurals.
    for (const QString &name : {QStringLiteral("a.bin"), QStringLiteral("b.bin")}) {
        const QString path = m_dir.filePath(name);
        QVERIFY(TestServer::writeFile(path, "data"));
        QVERIFY(!m_engine->shares.addFile(path).token.isEmpty());
    }
    QTRY_VERIFY2(status->text().startsWith(QStringLiteral("2 Dateien bereitgestellt auf ")),
                 qPrintable(status->text()));

    // Qt's own texts come from its German translation.
    QDialogButtonBox buttons(QDialogButtonBox::Cancel);
    QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Abbrechen"));
}

void tst_Translations::windowSpeaksEnglishForAnEnglishLocale()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    m_translators = std::make_unique<AppTranslators>();
    openWindow();
    QCOMPARE(serveButtonText(), QStringLiteral("&Stop serving"));
    const QString path = m_dir.filePath(QStringLiteral("one.bin"));
    QVERIFY(TestServer::writeFile(path, "data"));
    QVERIFY(!m_engine->shares.addFile(path).token.isEmpty());
    const auto *status = m_window->findChild<QLabel *>(QStringLiteral("serverStatusLabel"));
    QTRY_VERIFY2(status->text().startsWith(QStringLiteral("Serving 1 file on ")),
                 qPrintable(status->text()));
    QDialogButtonBox buttons(QDialogButtonBox::Cancel);
    QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Cancel"));
}

void tst_Translations::pluralsFollowTheLanguage_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("expected");
    const QLocale german(QLocale::German, QLocale::Germany);
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    QTest::addRow("de 1") << german << 1 << QStringLiteral("SHA-256 von 1 Datei kopiert");
    QTest::addRow("de 2") << german << 2 << QStringLiteral("SHA-256 von 2 Dateien kopiert");
    QTest::addRow("de 0") << german << 0 << QStringLiteral("SHA-256 von 0 Dateien kopiert");
    QTest::addRow("en 1") << english << 1 << QStringLiteral("Copied the SHA-256 of 1 file");
    QTest::addRow("en 3") << english << 3 << QStringLiteral("Copied the SHA-256 of 3 files");
    QTest::addRow("C 1") << QLocale::c() << 1 << QStringLiteral("Copied the SHA-256 of 1 file");
}

void tst_Translations::pluralsFollowTheLanguage()
{
    QFETCH(QLocale, locale);
    QFETCH(int, count);
    QFETCH(QString, expected);
    m_translators = std::make_unique<AppTranslators>(locale);
    QCOMPARE(QCoreApplication::translate("Sluice::SharesPanel", "Copied the SHA-256 of %n file(s)",
                                         nullptr, count),
             expected);
}

void tst_Translations::endReasonsAreWordedWhenShown()
{
    const EndReason truncated(EndReason::Kind::FileTruncated);
    const EndReason member(EndReason::Kind::FileRemoved, QStringLiteral("photos/a.jpg"));
    m_translators = std::make_unique<AppTranslators>(QLocale(QLocale::English));
    QCOMPARE(truncated.text(), QStringLiteral("the file was truncated"));
    QCOMPARE(member.text(), QStringLiteral("photos/a.jpg was removed"));
    m_translators = std::make_unique<AppTranslators>(QLocale(QLocale::German));
    QCOMPARE(truncated.text(), QStringLiteral("die Datei wurde gekürzt"));
    QCOMPARE(member.text(), QStringLiteral("photos/a.jpg wurde entfernt"));
    QCOMPARE(
        EndReason(EndReason::Kind::ReadFailed, {}, QStringLiteral("Input/output error")).text(),
        QStringLiteral("Input/output error"));
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
