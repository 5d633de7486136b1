#include "storedpassword.h"

#include <QCryptographicHash>
#include <QPasswordDigestor>
#include <QRandomGenerator>

namespace Sluice {
namespace {

constexpr int saltBytes = 16;
constexpr int hashBytes = 32;

QByteArray derive(const QByteArray &password, const QByteArray &salt)
{
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password, salt,
                                              StoredPassword::iterations, hashBytes);
}

} // namespace

StoredPassword StoredPassword::of(const QString &password)
{
    if (password.isEmpty())
        return {};
    StoredPassword stored;
    stored.salt.resize(saltBytes);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(stored.salt.data()),
                                          saltBytes / int(sizeof(quint32)));
    stored.hash = derive(password.toUtf8(), stored.salt);
    return stored;
}

QJsonObject StoredPassword::toJson() const
{
    if (!isSet())
        return {};
    return {{QStringLiteral("pbkdf2Sha256Salt"), QString::fromLatin1(salt.toBase64())},
            {QStringLiteral("pbkdf2Sha256Hash"), QString::fromLatin1(hash.toBase64())},
            {QStringLiteral("iterations"), iterations}};
}

StoredPassword StoredPassword::fromJson(const QJsonObject &object)
{
    StoredPassword stored;
    if (object.value(QStringLiteral("iterations")).toInt() != iterations)
        return stored; // derived another way: unusable, so not set
    stored.salt = QByteArray::fromBase64(
        object.value(QStringLiteral("pbkdf2Sha256Salt")).toString().toLatin1());
    stored.hash = QByteArray::fromBase64(
        object.value(QStringLiteral("pbkdf2Sha256Hash")).toString().toLatin1());
    if (stored.salt.isEmpty() || stored.hash.isEmpty())
        return {};
    return stored;
}

bool StoredPassword::matches(const QByteArray &candidateUtf8) const
{
    if (!isSet())
        return false;
    return equalInConstantTime(derive(candidateUtf8, salt), hash);
}

bool equalInConstantTime(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

QString generatePassword()
{
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
    QString password;
    for (int group = 0; group < 4; ++group) {
        if (group > 0)
            password += u'-';
        for (int i = 0; i < 4; ++i)
            password += QLatin1Char(
                alphabet[QRandomGenerator::system()->bounded(int(sizeof alphabet - 1))]);
    }
    return password;
}

} // namespace Sluice
