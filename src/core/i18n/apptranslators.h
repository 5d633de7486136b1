#pragma once

#include <QLocale>
#include <QTranslator>

namespace Sluice {

// Sluice's own messages and Qt's (standard buttons, command-line help) in the language of
// `locale`, installed on the application for as long as this object lives. Sluice's
// translations are compiled into the binary; Qt's come from its translations folder.
// Without a translation for the locale, the English one gives plurals their English forms.
class AppTranslators
{
public:
    explicit AppTranslators(const QLocale &locale = QLocale());
    ~AppTranslators();
    AppTranslators(const AppTranslators &) = delete;
    AppTranslators &operator=(const AppTranslators &) = delete;

    // The language of Sluice's translation in use ("de", "en").
    QString language() const { return m_sluice.language(); }

private:
    QTranslator m_sluice;
    QTranslator m_qt;
};

} // namespace Sluice
