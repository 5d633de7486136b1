#pragma once

#include <memory>

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QLocale>
#include <QString>

class QTranslator;

namespace Sluice {

// One language the pages a browser sees can be written in. The page builders take it as a
// parameter, so a page speaks its request's language whatever the process's locale is.
class PageLanguage
{
public:
    // English without a translator: the source texts, "%n" replaced by the number.
    PageLanguage();
    PageLanguage(const QByteArray &tag, std::shared_ptr<const QTranslator> translator);

    QByteArray tag() const { return m_tag; } // "en", "de": for lang and Content-Language
    QLocale locale() const { return m_locale; } // for numbers in the page
    // As QCoreApplication::translate, from this language's translator alone.
    QString translate(const char *context, const char *sourceText,
                      const char *disambiguation = nullptr, int n = -1) const;

private:
    QByteArray m_tag;
    QLocale m_locale;
    std::shared_ptr<const QTranslator> m_translator;
};

// The languages Sluice has a translation for, and the choice among them for a request's
// Accept-Language (RFC 9110 §12.5.4). English when nothing acceptable is available.
class PageLanguages
{
public:
    // Every translation compiled into the binary (":/i18n/sluice_*.qm").
    PageLanguages();
    static const PageLanguages &compiledIn();

    const PageLanguage &forAcceptLanguage(QByteArrayView header) const;
    QList<QByteArray> tags() const;

    // The language ranges of an Accept-Language value, lower case, most wanted first (ties
    // keep their order); ranges with q=0 are left out.
    static QList<QByteArray> acceptedRanges(QByteArrayView header);

private:
    const PageLanguage *find(const QByteArray &range) const;

    QList<PageLanguage> m_languages; // English first
};

} // namespace Sluice
