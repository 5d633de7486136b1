#pragma once

#include <chrono>
#include <deque>

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QSet>

#include "httprequest.h"

namespace Sluice {

struct Share;

// Who may see a protected share. Passwords are kept only as PBKDF2 hashes (see StoredPassword)
// and compared in constant time; wrong ones are counted per client address, and past
// `maxWrongPerMinute` the address gets 429 for the rest of the minute. A right password is
// turned into a ticket: an HMAC-SHA256 over the share's token, its password's salt and an
// expiry, with a secret made for this run, that links carry in their path, so a download
// manager without the browser's cookies (and every resume) still gets in until it expires.
class PasswordGate
{
public:
    PasswordGate();

    static constexpr int maxWrongPerMinute = 5;
    static constexpr auto defaultTicketLifetime = std::chrono::hours(12);
    void setTicketLifetime(std::chrono::seconds lifetime) { m_ticketLifetime = lifetime; }

    enum class Verdict {
        Allowed,
        Wrong, // counted against the address
        Missing, // no credentials
        Limited, // too many wrong ones from this address: not even looked at
    };
    // A password from the form.
    Verdict checkPassword(const Share &share, const QByteArray &password,
                          const QHostAddress &client, qint64 *retryAfterSeconds);
    // The request's Authorization: Basic (any user name).
    Verdict checkBasic(const Share &share, const HttpRequest &request, const QHostAddress &client,
                       qint64 *retryAfterSeconds);

    QByteArray issueTicket(const Share &share) const;
    bool ticketValid(const Share &share, QByteArrayView ticket) const;

    // The request line or Referer with the ticket segment of a path replaced: the access log
    // never holds a credential.
    static QByteArray maskTickets(const QByteArray &text);

private:
    QByteArray signature(const Share &share, qint64 expiry) const;
    // Seconds until the address may try again; 0 when it may now.
    qint64 limitedFor(const QHostAddress &client);
    void countWrong(const QHostAddress &client);

    QByteArray m_secret; // per run: a restart ends every ticket
    std::chrono::seconds m_ticketLifetime = defaultTicketLifetime;
    QHash<QByteArray, std::deque<qint64>> m_wrongTimes; // address -> monotonic ms
    // Authorization values already found right (as HMACs, never the value): PBKDF2 runs on the
    // event loop, once per client rather than once per request of an 8-segment download.
    QSet<QByteArray> m_acceptedCredentials;
};

} // namespace Sluice
