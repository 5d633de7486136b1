#include "sharepage.h"

#include <QCryptographicHash>
#include <QLocale>

#include "qrsvg.h"

namespace Sluice::SharePage {
namespace {

// Light and dark by prefers-color-scheme; sized for a 360 px wide phone first.
constexpr char styleSheet[] = R"css(
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1f;--mute:#5c5f66;--card:#f1f3f5;--accent:#0b57d0;--on:#fff;--bad:#b3261e}
@media (prefers-color-scheme:dark){:root{--bg:#121316;--fg:#e6e6e9;--mute:#a9acb3;--card:#1f2126;--accent:#a8c7fa;--on:#062e6f;--bad:#f2b8b5}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:40rem;margin:0 auto;padding:1.25rem 1rem 2rem}
h1{font-size:1.35rem;line-height:1.3;margin:0 0 .25rem;overflow-wrap:anywhere}
h2{font-size:.95rem;margin:1.5rem 0 .5rem;color:var(--mute)}
p{margin:.5rem 0}
.sub{color:var(--mute);margin:0 0 1rem}
.button{display:block;width:100%;text-align:center;background:var(--accent);color:var(--on);text-decoration:none;font:600 1.15rem/1.5 inherit;padding:.85rem;border:0;border-radius:.75rem;cursor:pointer}
.note{font-size:.9rem;color:var(--mute)}
dl{display:grid;grid-template-columns:auto minmax(0,1fr);gap:.3rem .75rem;background:var(--card);padding:.75rem;border-radius:.75rem;margin:1rem 0 0}
dt{color:var(--mute)}
dd{margin:0;overflow-wrap:anywhere}
code,pre{font:.85rem/1.45 ui-monospace,"DejaVu Sans Mono",monospace}
pre{background:var(--card);padding:.6rem .75rem;border-radius:.5rem;margin:.4rem 0;white-space:pre-wrap;word-break:break-all;user-select:all}
a{color:var(--accent)}
figure{margin:0;text-align:center}
svg{width:11rem;height:11rem;border-radius:.5rem}
figcaption{font-size:.85rem;color:var(--mute);overflow-wrap:anywhere}
label{display:block;margin:1rem 0 .25rem}
input{display:block;width:100%;font:1.1rem inherit;padding:.7rem;border:1px solid var(--mute);border-radius:.5rem;background:var(--bg);color:var(--fg);margin:0 0 1rem}
.bad{color:var(--bad)}
ul{padding-left:1.2rem}
li{margin:.4rem 0;overflow-wrap:anywhere}
)css";

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

// Bytes that are already percent-encoded URL text: only &, <, >, " and ' need escaping.
QString escapedUrl(const QByteArray &url)
{
    return QString::fromLatin1(url).toHtmlEscaped();
}

QString document(const QString &title, const QString &body, const PageLanguage &language,
                 bool refresh = false)
{
    QString html = QStringLiteral("<!DOCTYPE html>\n<html lang=\"")
        + QString::fromLatin1(language.tag())
        + QStringLiteral("\"><head><meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, "
                         "initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light "
                         "dark\">\n");
    // While the checksum is computed the page looks again now and then, without a script.
    if (refresh)
        html += QStringLiteral("<meta http-equiv=\"refresh\" content=\"5\">\n");
    html += QStringLiteral("<title>") + escaped(title) + QStringLiteral("</title>\n<style>")
        + QString::fromLatin1(styleSheet) + QStringLiteral("</style></head>\n<body><main>\n") + body
        + QStringLiteral("</main></body></html>\n");
    return html;
}

QString exactBytes(qint64 size, const PageLanguage &language)
{
    return language.translate("SharePage", "%1 bytes").arg(language.locale().toString(size));
}

} // namespace

QByteArray contentSecurityPolicy()
{
    static const QByteArray policy = "default-src 'none'; style-src 'sha256-"
        + QCryptographicHash::hash(QByteArrayView(styleSheet, sizeof styleSheet - 1),
                                   QCryptographicHash::Sha256)
              .toBase64()
        + "'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    return policy;
}

// A folder's archive: its members and what was left out, the first few of each, so the page
// stays small whatever the folder holds.
static QString folderContents(const Content &content, const PageLanguage &language)
{
    constexpr int shownLeftOut = 10;
    if (content.members.isEmpty())
        return {};
    const QLocale numbers = language.locale();
    QString html = QStringLiteral("<h2>")
        + language.translate("SharePage", "Contents: %n file(s)", nullptr, content.fileCount)
        + QStringLiteral("</h2>\n<ul>\n");
    for (const auto &[name, size] : content.members) {
        html += QStringLiteral("<li>") + escaped(name);
        if (!name.endsWith(u'/'))
            html += QStringLiteral(" <span class=\"sub\">") + numbers.formattedDataSize(size, 1)
                + QStringLiteral("</span>");
        html += QStringLiteral("</li>\n");
    }
    if (content.memberCount > content.members.size())
        html += QStringLiteral("<li>")
            + language.translate("SharePage", "… and %n more", nullptr,
                                 int(content.memberCount - content.members.size()))
            + QStringLiteral("</li>\n");
    html += QStringLiteral("</ul>\n");
    if (content.leftOut.isEmpty())
        return html;
    html += QStringLiteral("<h2>") + language.translate("SharePage", "Left out")
        + QStringLiteral("</h2>\n<ul>\n");
    for (qsizetype i = 0; i < std::min<qsizetype>(content.leftOut.size(), shownLeftOut); ++i) {
        const FolderSnapshot::LeftOut &item = content.leftOut[i];
        const QString reason = item.reason == FolderSnapshot::LeftOut::Reason::SystemError
            ? item.systemMessage
            : language.translate("FolderSnapshot",
                                 FolderSnapshot::LeftOut::reasonText(item.reason));
        html += QStringLiteral("<li>") + escaped(item.path) + QStringLiteral(": ") + escaped(reason)
            + QStringLiteral("</li>\n");
    }
    if (content.leftOut.size() > shownLeftOut)
        html += QStringLiteral("<li>")
            + language.translate("SharePage", "… and %n more", nullptr,
                                 int(content.leftOut.size() - shownLeftOut))
            + QStringLiteral("</li>\n");
    return html + QStringLiteral("</ul>\n");
}

QByteArray page(const Content &content, const PageLanguage &language)
{
    const QLocale numbers = language.locale();
    const QString fileHref = escapedUrl(content.filePath);
    QString body;
    body += QStringLiteral("<h1>") + escaped(content.name) + QStringLiteral("</h1>\n");
    body += QStringLiteral("<p class=\"sub\">") + numbers.formattedDataSize(content.size, 1)
        + QStringLiteral(" · ") + exactBytes(content.size, language) + QStringLiteral("</p>\n");
    body += QStringLiteral("<a class=\"button\" href=\"") + fileHref
        + QStringLiteral("\" download>") + language.translate("SharePage", "Download")
        + QStringLiteral("</a>\n");
    body += QStringLiteral("<p class=\"note\">")
        + language.translate("SharePage",
                             "An interrupted download resumes where it stopped: start it again.")
        + QStringLiteral("</p>\n<dl>\n");
    body += QStringLiteral("<dt>") + language.translate("SharePage", "Type")
        + QStringLiteral("</dt><dd>") + escaped(content.mimeType) + QStringLiteral("</dd>\n");
    body += QStringLiteral("<dt>") + language.translate("SharePage", "Modified")
        + QStringLiteral("</dt><dd>")
        + content.modified.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
        + QStringLiteral(" UTC</dd>\n");
    if (content.hashed) { // a folder's archive is made on the fly: it has no SHA-256 row
        body += QStringLiteral("<dt>SHA-256</dt><dd>");
        if (content.sha256.isEmpty()) {
            body += language.translate("SharePage", "computing… %1 %")
                        .arg(numbers.toString(content.hashPercent));
        } else {
            body += QStringLiteral("<code>") + QString::fromLatin1(content.sha256.toHex())
                + QStringLiteral("</code><br><a href=\"") + escapedUrl(content.checksumPath)
                + QStringLiteral("\">") + language.translate("SharePage", "checksum file")
                + QStringLiteral("</a>");
        }
        body += QStringLiteral("</dd>\n");
    }
    body += QStringLiteral("</dl>\n");
    body += folderContents(content, language);

    // Encoded paths hold no quote or space, so single quotes keep them one shell word.
    const QString fileUrl = escapedUrl(content.origin + content.filePath);
    body += QStringLiteral("<h2>") + language.translate("SharePage", "Command line")
        + QStringLiteral("</h2>\n");
    body += QStringLiteral("<pre>curl -C - -O '") + fileUrl + QStringLiteral("'</pre>\n");
    body += QStringLiteral("<pre>wget -c '") + fileUrl + QStringLiteral("'</pre>\n");

    if (!content.origin.isEmpty()) {
        const QByteArray pageUrl = content.origin + content.pagePath;
        const QByteArray svg = qrCodeSvg(
            pageUrl,
            language.translate("SharePage", "QR code of this page").toHtmlEscaped().toUtf8());
        if (!svg.isEmpty()) {
            body += QStringLiteral("<h2>") + language.translate("SharePage", "Pass it on")
                + QStringLiteral("</h2>\n<figure>") + QString::fromUtf8(svg)
                + QStringLiteral("<figcaption>") + escapedUrl(pageUrl)
                + QStringLiteral("</figcaption></figure>\n");
        }
    }
    return document(content.name + QStringLiteral(" – Sluice"), body, language,
                    content.hashed && content.sha256.isEmpty())
        .toUtf8();
}

QByteArray passwordForm(const QByteArray &formAction, bool wrongPassword,
                        const PageLanguage &language)
{
    QString body = QStringLiteral("<h1>") + language.translate("SharePage", "A password is needed")
        + QStringLiteral("</h1>\n");
    body += QStringLiteral("<p class=\"sub\">")
        + language.translate("SharePage", "Ask the person sharing this file for its password.")
        + QStringLiteral("</p>\n");
    if (wrongPassword)
        body += QStringLiteral("<p class=\"bad\">")
            + language.translate("SharePage", "That password is not right.")
            + QStringLiteral("</p>\n");
    body += QStringLiteral("<form method=\"post\" action=\"") + escapedUrl(formAction)
        + QStringLiteral("\">\n<label for=\"password\">")
        + language.translate("SharePage", "Password")
        + QStringLiteral("</label>\n<input id=\"password\" name=\"password\" type=\"password\" "
                         "autocomplete=\"current-password\" required autofocus>\n"
                         "<button class=\"button\" type=\"submit\">")
        + language.translate("SharePage", "Unlock") + QStringLiteral("</button>\n</form>\n");
    return document(language.translate("SharePage", "Password needed – Sluice"), body, language)
        .toUtf8();
}

QByteArray index(const QList<IndexEntry> &entries, const PageLanguage &language)
{
    const QLocale numbers = language.locale();
    QString body = QStringLiteral("<h1>Sluice</h1>\n");
    if (entries.isEmpty())
        body += QStringLiteral("<p>")
            + language.translate("SharePage", "Nothing is shared right now.")
            + QStringLiteral("</p>\n");
    body += QStringLiteral("<ul>\n");
    for (const IndexEntry &entry : entries) {
        body += QStringLiteral("<li><a href=\"") + escapedUrl(entry.pagePath)
            + QStringLiteral("\">");
        if (entry.name.isEmpty())
            body += language.translate("SharePage", "A file protected by a password")
                + QStringLiteral("</a></li>\n");
        else
            body += escaped(entry.name) + QStringLiteral("</a> (")
                + numbers.formattedDataSize(entry.size, 1) + QStringLiteral(")</li>\n");
    }
    body += QStringLiteral("</ul>\n");
    return document(QStringLiteral("Sluice"), body, language).toUtf8();
}

QByteArray message(const QString &title, const QString &text, const PageLanguage &language)
{
    return document(title + QStringLiteral(" – Sluice"),
                    QStringLiteral("<h1>") + escaped(title) + QStringLiteral("</h1>\n<p>")
                        + escaped(text) + QStringLiteral("</p>\n"),
                    language)
        .toUtf8();
}

} // namespace Sluice::SharePage
