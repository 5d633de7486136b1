#include "servedlinks.h"

#include <QUrl>

#include "blobserver.h"
#include "shareregistry.h"
#include "shareurls.h"

namespace Sluice {

ServedLinks::ServedLinks(BlobServer &server, ShareRegistry &shares, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_shares(shares)
{
    connect(&m_server, &BlobServer::listeningChanged, this, &ServedLinks::update);
    update();
}

void ServedLinks::update()
{
    // Interfaces are enumerated when serving starts, stops or moves, not for every link shown.
    m_addresses.clear();
    if (m_server.isListening()) {
        const QList<AddressCandidate> local = localAddressCandidates();
        QList<AddressCandidate> candidates;
        for (const QHostAddress &address : reachableAddresses(m_server.listeningAddresses())) {
            AddressCandidate candidate;
            candidate.address = address;
            for (const AddressCandidate &known : local) {
                if (known.address == address)
                    candidate = known;
            }
            candidates.append(candidate);
        }
        m_addresses = rankAddresses(candidates);
    }
    Q_EMIT changed();
}

QList<ServedLinks::Link> ServedLinks::links(const QByteArray &token) const
{
    const Share *share = m_shares.find(token);
    QList<Link> result;
    if (!share)
        return result;
    for (const RankedAddress &address : m_addresses)
        result.append({shareUrl(address.address, m_server.port(), linkPathOf(*share)),
                       address.label(), address.kind});
    return result;
}

QByteArray ServedLinks::linkPathOf(const Share &share)
{
    // A protected share's link is its page, whose form asks for the password: the direct link
    // would only answer a browser with the same form, and anything else with 401.
    return share.password.isSet() ? '/' + share.token + '/' : share.linkPath();
}

QString ServedLinks::bestLink(const QByteArray &token) const
{
    const Share *share = m_shares.find(token);
    if (!share || m_addresses.isEmpty())
        return {};
    return shareUrl(m_addresses.first().address, m_server.port(), linkPathOf(*share));
}

QString ServedLinks::bestBase() const
{
    return m_addresses.isEmpty() ? QString()
                                 : shareUrl(m_addresses.first().address, m_server.port(), {});
}

QString ServedLinks::displayText(const QString &url)
{
    return QUrl::fromPercentEncoding(url.toUtf8());
}

} // namespace Sluice
