#include "pagelanguages.h"

#include <algorithm>

#include <QDir>
#include <QTranslator>

namespace Sluice {

PageLanguage::PageLanguage()
    : m_tag("en")
    , m_locale(QLocale::English)
{
}

PageLanguage::PageLanguage(const QByteArray &tag, std::shared_ptr<const QTranslator> translator)
    : m_tag(tag)
    , m_locale(QString::fromLatin1(tag))
    , m_translator(std::move(translator))
{
}

QString PageLanguage::translate(const char *context, const char *sourceText,
                                const char *disambiguation, int n) const
{
    QString text;
    if (m_translator)
        text = m_translator->translate(context, sourceText, disambiguation, n);
    if (text.isNull())
        text = QString::fromUtf8(sourceText);
    if (n >= 0)
        text.replace(QStringLiteral("%n"), m_locale.toString(n));
    return text;
}

PageLanguages::PageLanguages()
{
    m_languages.append(PageLanguage());
    const QDir folder(QStringLiteral(":/i18n"));
    const QStringList files = folder.entryList({QStringLiteral("sluice_*.qm")}, QDir::Files);
    for (const QString &file : files) {
        auto translator = std::make_shared<QTranslator>();
        if (!translator->load(folder.filePath(file)))
            continue;
        const QByteArray tag = file.sliced(7, file.size() - 10).toLatin1().replace('_', '-');
        if (tag == "en")
            m_languages.first() = PageLanguage(tag, std::move(translator)); // plural forms
        else
            m_languages.append(PageLanguage(tag, std::move(translator)));
    }
}

const PageLanguages &PageLanguages::compiledIn()
{
    static const PageLanguages languages;
    return languages;
}

QList<QByteArray> PageLanguages::tags() const
{
    QList<QByteArray> result;
    for (const PageLanguage &language : m_languages)
        result.append(language.tag());
    return result;
}

QList<QByteArray> PageLanguages::acceptedRanges(QByteArrayView header)
{
    struct Weighted
    {
        QByteArray range;
        int thousandths;
    };
    QList<Weighted> weighted;
    for (const QByteArray &member : header.toByteArray().split(',')) {
        const QList<QByteArray> parts = member.split(';');
        const QByteArray range = parts.first().trimmed().toLower();
        if (range.isEmpty())
            continue;
        int thousandths = 1000;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray parameter = parts[i].trimmed().toLower();
            if (!parameter.startsWith("q="))
                continue;
            bool ok = false;
            const double q = parameter.sliced(2).toDouble(&ok);
            thousandths = ok ? int(std::clamp(q, 0.0, 1.0) * 1000 + 0.5) : 0;
        }
        if (thousandths > 0)
            weighted.append({range, thousandths});
    }
    std::stable_sort(weighted.begin(), weighted.end(), [](const Weighted &a, const Weighted &b) {
        return a.thousandths > b.thousandths;
    });
    QList<QByteArray> ranges;
    for (const Weighted &item : weighted)
        ranges.append(item.range);
    return ranges;
}

// A range names a language ("de") or a regional form of it ("de-at"); either matches the
// translation of the language. "*" takes the first language, English.
const PageLanguage *PageLanguages::find(const QByteArray &range) const
{
    if (range == "*")
        return &m_languages.first();
    for (const PageLanguage &language : m_languages) {
        const QByteArray tag = language.tag().toLower();
        const QByteArray rangeDash = range + '-';
        const QByteArray tagDash = tag + '-';
        if (range == tag || range.startsWith(tagDash) || tag.startsWith(rangeDash))
            return &language;
    }
    return nullptr;
}

const PageLanguage &PageLanguages::forAcceptLanguage(QByteArrayView header) const
{
    for (const QByteArray &range : acceptedRanges(header)) {
        if (const PageLanguage *language = find(range))
            return *language;
    }
    return m_languages.first();
}

} // namespace Sluice
