#include "sharestatefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(lcState, "sluice.state", QtInfoMsg)

namespace Sluice {
namespace {

constexpr int formatVersion = 1;
constexpr qint64 maxStateBytes = 64 * 1024 * 1024; // far beyond any list of shares

// 64-bit numbers as strings: JSON numbers are doubles and would round inodes and nanoseconds.
QString number(quint64 value)
{
    return QString::number(value);
}

quint64 unsignedOf(const QJsonValue &value, bool *ok)
{
    bool parsed = false;
    const quint64 result = value.toString().toULongLong(&parsed);
    *ok = *ok && parsed;
    return result;
}

// [{"client": "address 192.168.1.7", "counted": false, "complete": false,
//   "received": [["0", "1048576"]]}]
QJsonArray encodeClients(const DownloadRecords &clients)
{
    QJsonArray list;
    for (auto it = clients.cbegin(); it != clients.cend(); ++it) {
        QJsonArray received;
        for (const auto &[first, end] : it->received)
            received.append(QJsonArray {number(quint64(first)), number(quint64(end))});
        QJsonObject client;
        client.insert(QStringLiteral("client"), QString::fromLatin1(it.key()));
        client.insert(QStringLiteral("counted"), it->counted);
        client.insert(QStringLiteral("complete"), it->complete);
        client.insert(QStringLiteral("received"), received);
        list.append(client);
    }
    return list;
}

// Entries that do not parse are left out: at worst a client is asked to start again.
DownloadRecords decodeClients(const QJsonArray &list)
{
    DownloadRecords clients;
    for (const QJsonValue &entry : list) {
        const QJsonObject object = entry.toObject();
        const QByteArray key = object.value(QStringLiteral("client")).toString().toLatin1();
        if (key.isEmpty())
            continue;
        DownloadRecord record;
        record.counted = object.value(QStringLiteral("counted")).toBool();
        record.complete = object.value(QStringLiteral("complete")).toBool();
        bool ok = true;
        for (const QJsonValue &range : object.value(QStringLiteral("received")).toArray()) {
            const QJsonArray pair = range.toArray();
            const qint64 first = qint64(unsignedOf(pair.at(0), &ok));
            const qint64 end = qint64(unsignedOf(pair.at(1), &ok));
            if (ok && first >= 0 && end > first)
                record.received.append({first, end});
        }
        if (ok)
            clients.insert(key, record);
    }
    return clients;
}

QJsonObject encodeShare(const SavedShare &share)
{
    QJsonObject identity;
    identity.insert(QStringLiteral("device"), number(share.sharedIdentity.device));
    identity.insert(QStringLiteral("inode"), number(share.sharedIdentity.inode));
    identity.insert(QStringLiteral("size"), number(quint64(share.sharedIdentity.size)));
    identity.insert(QStringLiteral("mtimeNs"), number(quint64(share.sharedIdentity.mtimeNs)));
    QJsonObject object;
    object.insert(QStringLiteral("token"), QString::fromLatin1(share.token));
    object.insert(QStringLiteral("path"), share.path);
    object.insert(QStringLiteral("name"), share.name);
    object.insert(QStringLiteral("mimeType"), share.mimeType);
    object.insert(QStringLiteral("sharedAt"), share.sharedAt.toString(Qt::ISODateWithMs));
    object.insert(QStringLiteral("completedDownloads"), share.completedDownloads);
    object.insert(QStringLiteral("identity"), identity);
    object.insert(QStringLiteral("policies"), share.policies);
    if (!share.downloadClients.isEmpty())
        object.insert(QStringLiteral("downloadClients"), encodeClients(share.downloadClients));
    return object;
}

bool isToken(const QString &text)
{
    if (text.isEmpty() || text.size() > 64)
        return false;
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || c == u'-' || c == u'_';
    });
}

// nullopt for an entry this version cannot use.
std::optional<SavedShare> decodeShare(const QJsonObject &object)
{
    SavedShare share;
    const QString token = object.value(QStringLiteral("token")).toString();
    share.path = object.value(QStringLiteral("path")).toString();
    share.name = object.value(QStringLiteral("name")).toString();
    if (!isToken(token) || !QDir::isAbsolutePath(share.path) || share.name.isEmpty()
        || share.name.contains(u'/'))
        return std::nullopt;
    share.token = token.toLatin1();
    share.mimeType = object.value(QStringLiteral("mimeType")).toString();
    share.sharedAt = QDateTime::fromString(object.value(QStringLiteral("sharedAt")).toString(),
                                           Qt::ISODateWithMs);
    share.completedDownloads
        = std::max(0, object.value(QStringLiteral("completedDownloads")).toInt());
    share.policies = object.value(QStringLiteral("policies")).toObject();
    share.downloadClients
        = decodeClients(object.value(QStringLiteral("downloadClients")).toArray());
    const QJsonObject identity = object.value(QStringLiteral("identity")).toObject();
    bool ok = true;
    share.sharedIdentity.device = unsignedOf(identity.value(QStringLiteral("device")), &ok);
    share.sharedIdentity.inode = unsignedOf(identity.value(QStringLiteral("inode")), &ok);
    share.sharedIdentity.size = qint64(unsignedOf(identity.value(QStringLiteral("size")), &ok));
    share.sharedIdentity.mtimeNs
        = qint64(unsignedOf(identity.value(QStringLiteral("mtimeNs")), &ok));
    share.sharedIdentity.exists = ok;
    share.sharedIdentity.isRegularFile = ok;
    return share;
}

} // namespace

ShareStateFile::ShareStateFile(QString path)
    : m_path(std::move(path))
{
}

QString ShareStateFile::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/shares.json");
}

QByteArray ShareStateFile::encode(const QList<SavedShare> &shares)
{
    QJsonArray list;
    for (const SavedShare &share : shares)
        list.append(encodeShare(share));
    QJsonObject root;
    root.insert(QStringLiteral("version"), formatVersion);
    root.insert(QStringLiteral("shares"), list);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

ShareStateFile::Loaded ShareStateFile::load() const
{
    Loaded loaded;
    QFile file(m_path);
    if (!file.exists())
        return loaded;
    QString problem;
    QJsonDocument document;
    if (!file.open(QIODevice::ReadOnly)) {
        problem = file.errorString();
    } else if (file.size() > maxStateBytes) {
        problem = QStringLiteral("larger than %1 bytes").arg(maxStateBytes);
    } else {
        QJsonParseError error;
        document = QJsonDocument::fromJson(file.readAll(), &error);
        if (error.error != QJsonParseError::NoError)
            problem = QStringLiteral("%1 at byte %2").arg(error.errorString()).arg(error.offset);
        else if (!document.isObject()
                 || document.object().value(QStringLiteral("version")).toInt() != formatVersion
                 || !document.object().value(QStringLiteral("shares")).isArray())
            problem = QStringLiteral("not a list of shares this version of Sluice knows");
    }
    file.close();
    if (!problem.isEmpty()) {
        loaded.problem = problem;
        loaded.movedTo = moveAside();
        qCWarning(lcState, "cannot use %s (%s); moved to %s", qPrintable(m_path),
                  qPrintable(problem), qPrintable(loaded.movedTo));
        return loaded;
    }
    const QJsonArray list = document.object().value(QStringLiteral("shares")).toArray();
    for (const QJsonValue &entry : list) {
        if (std::optional<SavedShare> share = decodeShare(entry.toObject()))
            loaded.shares.append(*share);
        else
            qCWarning(lcState, "skipping an unusable entry in %s", qPrintable(m_path));
    }
    return loaded;
}

bool ShareStateFile::save(const QList<SavedShare> &shares, QString *error) const
{
    QDir().mkpath(QFileInfo(m_path).path());
    // Written to a temporary file and renamed over the old one: a crash or a full disk leaves
    // the previous list, never half of one.
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(encode(shares)) < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

bool ShareStateFile::remove() const
{
    return !QFile::exists(m_path) || QFile::remove(m_path);
}

QString ShareStateFile::moveAside() const
{
    const QString target = m_path + QStringLiteral(".unreadable-")
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    if (QFile::rename(m_path, target))
        return target;
    // Cannot even be renamed (a read-only folder): the next save replaces it anyway.
    return {};
}

} // namespace Sluice
