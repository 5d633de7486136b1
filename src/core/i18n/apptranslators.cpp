#include "apptranslators.h"

#include <QCoreApplication>
#include <QLibraryInfo>

namespace Sluice {

AppTranslators::AppTranslators(const QLocale &locale)
{
    const QString sluiceFolder = QStringLiteral(":/i18n");
    if (m_sluice.load(locale, QStringLiteral("sluice"), QStringLiteral("_"), sluiceFolder)
        || m_sluice.load(QStringLiteral("sluice_en"), sluiceFolder))
        QCoreApplication::installTranslator(&m_sluice);
    if (m_qt.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                  QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qt);
}

AppTranslators::~AppTranslators()
{
    QCoreApplication::removeTranslator(&m_qt);
    QCoreApplication::removeTranslator(&m_sluice);
}

} // namespace Sluice
