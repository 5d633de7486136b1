#include "passwordgate.h"

#include <algorithm>

#include <QDateTime>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include "httptokens.h"
#include "monotonicclock.h"
#include "share.h"
#include "storedpassword.h"

namespace Sluice {
namespace {

constexpr qint64 minuteMs = 60'000;
constexpr int secretBytes = 32;
constexpr qsizetype signatureBytes = 24; // 192 of HMAC-SHA256's 256 bits: shorter links
constexpr qsizetype acceptedCredentialsLimit = 1'024;

// IPv4-mapped IPv6 addresses are the IPv4 client they stand for.
QByteArray addressKey(const QHostAddress &client)
{
    bool isV4 = false;
    const quint32 v4 = client.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString().toLatin1() : client.toString().toLatin1();
}

} // namespace

PasswordGate::PasswordGate()
    : m_secret(secretBytes, Qt::Uninitialized)
{
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(m_secret.data()),
                                          secretBytes / int(sizeof(quint32)));
}

qint64 PasswordGate::limitedFor(const QHostAddress &client)
{
    const auto it = m_wrongTimes.find(addressKey(client));
    if (it == m_wrongTimes.end())
        return 0;
    const qint64 now = monotonicMs();
    while (!it->empty() && now - it->front() >= minuteMs)
        it->pop_front();
    if (it->empty()) {
        m_wrongTimes.erase(it);
        return 0;
    }
    if (qsizetype(it->size()) < maxWrongPerMinute)
        return 0;
    return std::max<qint64>(1, (it->front() + minuteMs - now + 999) / 1000);
}

void PasswordGate::countWrong(const QHostAddress &client)
{
    m_wrongTimes[addressKey(client)].push_back(monotonicMs());
}

PasswordGate::Verdict PasswordGate::checkPassword(const Share &share, const QByteArray &password,
                                                  const QHostAddress &client,
                                                  qint64 *retryAfterSeconds)
{
    if ((*retryAfterSeconds = limitedFor(client)) > 0)
        return Verdict::Limited;
    if (share.password.matches(password))
        return Verdict::Allowed;
    countWrong(client);
    return Verdict::Wrong;
}

PasswordGate::Verdict PasswordGate::checkBasic(const Share &share, const HttpRequest &request,
                                               const QHostAddress &client,
                                               qint64 *retryAfterSeconds)
{
    *retryAfterSeconds = 0;
    const QByteArray authorization
        = HttpTokens::trimmed(request.header("authorization")).toByteArray();
    if (authorization.size() < 6 || authorization.first(6).toLower() != "basic ")
        return Verdict::Missing;
    const QByteArray remembered = QMessageAuthenticationCode::hash(
        share.token + '\0' + share.password.salt + '\0' + authorization, m_secret,
        QCryptographicHash::Sha256);
    if (m_acceptedCredentials.contains(remembered))
        return Verdict::Allowed;
    const auto decoded = QByteArray::fromBase64Encoding(
        HttpTokens::trimmed(QByteArrayView(authorization).sliced(6)).toByteArray(),
        QByteArray::AbortOnBase64DecodingErrors);
    const qsizetype colon = decoded ? decoded.decoded.indexOf(':') : -1;
    if (colon < 0) {
        if ((*retryAfterSeconds = limitedFor(client)) > 0)
            return Verdict::Limited;
        countWrong(client);
        return Verdict::Wrong;
    }
    const Verdict verdict
        = checkPassword(share, decoded.decoded.sliced(colon + 1), client, retryAfterSeconds);
    if (verdict == Verdict::Allowed) {
        if (m_acceptedCredentials.size() >= acceptedCredentialsLimit)
            m_acceptedCredentials.clear();
        m_acceptedCredentials.insert(remembered);
    }
    return verdict;
}

QByteArray PasswordGate::signature(const Share &share, qint64 expiry) const
{
    // The salt changes with the password: a new password ends the old one's tickets.
    return QMessageAuthenticationCode::hash(share.token + '\0' + share.password.salt + '\0'
                                                + QByteArray::number(expiry),
                                            m_secret, QCryptographicHash::Sha256)
        .first(signatureBytes)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray PasswordGate::issueTicket(const Share &share) const
{
    const qint64 expiry = QDateTime::currentSecsSinceEpoch() + m_ticketLifetime.count();
    return QByteArray::number(expiry) + '.' + signature(share, expiry);
}

bool PasswordGate::ticketValid(const Share &share, QByteArrayView ticket) const
{
    const qsizetype dot = ticket.indexOf('.');
    qint64 expiry = 0;
    if (dot <= 0 || !HttpTokens::parseDecimal(ticket.first(dot), &expiry))
        return false;
    if (expiry <= QDateTime::currentSecsSinceEpoch())
        return false;
    return equalInConstantTime(ticket.sliced(dot + 1), signature(share, expiry));
}

QByteArray PasswordGate::maskTickets(const QByteArray &text)
{
    // The path starts at the first '/' of an origin-form target, or after an absolute URL's
    // authority.
    qsizetype start = text.indexOf("://");
    start = start < 0 ? text.indexOf('/') : text.indexOf('/', start + 3);
    if (start < 0)
        return text;
    qsizetype end = start;
    while (end < text.size() && text[end] != ' ' && text[end] != '?' && text[end] != '#')
        ++end;
    // "/<token>/<ticket>/..." : the second segment, when a third follows.
    const qsizetype second = text.indexOf('/', start + 1);
    if (second < 0 || second >= end)
        return text;
    const qsizetype third = text.indexOf('/', second + 1);
    if (third < 0 || third >= end)
        return text;
    QByteArray masked = text;
    masked.replace(second + 1, third - second - 1, "-");
    return masked;
}

} // namespace Sluice
