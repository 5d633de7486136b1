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
        result.append({shareUrl(address.address, m_server.port(), share->linkPath()),
                       address.label(), address.kind});
    return result;
}

QString ServedLinks::bestLink(const QByteArray &token) const
{
    const Share *share = m_shares.find(token);
    if (!share || m_addresses.isEmpty())
        return {};
    return shareUrl(m_addresses.first().address, m_server.port(), share->linkPath());
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
