#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

namespace Sluice {

// A share's password as PBKDF2-HMAC-SHA256 (QPasswordDigestor) with a random salt: the plain
// text is never kept.
struct StoredPassword
{
    QByteArray salt;
    QByteArray hash;

    static constexpr int iterations = 20'000; // each check runs on the event loop
    static StoredPassword of(const QString &password);
    bool isSet() const { return !hash.isEmpty(); }
    // Constant time in the length of the hash, whatever the candidate.
    bool matches(const QByteArray &candidateUtf8) const;

    // As saved with the share: salt and hash in Base64 (nothing from which the password could be
    // read back). An object without both gives an unset password.
    QJsonObject toJson() const;
    static StoredPassword fromJson(const QJsonObject &object);
};

// Whether two secrets are equal, in a time that tells nothing about where they differ.
bool equalInConstantTime(QByteArrayView a, QByteArrayView b);

// A readable random password: four groups of four lower-case letters and digits, without
// the easily confused ones (0/o, 1/l/i).
QString generatePassword();

} // namespace Sluice
