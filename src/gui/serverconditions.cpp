#include "serverconditions.h"

#include <algorithm>

#include <QLocale>
#include <QStringList>

#include "addresswatcher.h"
#include "blobserver.h"
#include "messagebar.h"

namespace Sluice {

ServerConditions::ServerConditions(BlobServer &server, MessageBar &bar, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_bar(bar)
    , m_addresses(new AddressWatcher(AddressWatcher::Source::Netlink, this))
{
    connect(&server, &BlobServer::acceptingPaused, this, [this](const QString &reason) {
        m_bar.setCondition(MessageBar::Condition::AcceptingPaused, reason);
    });
    connect(&server, &BlobServer::acceptingResumed, this,
            [this] { m_bar.clearCondition(MessageBar::Condition::AcceptingPaused); });
    connect(&server, &BlobServer::listeningChanged, this, [this] {
        if (!m_server.isAcceptingPaused())
            m_bar.clearCondition(MessageBar::Condition::AcceptingPaused); // stopped meanwhile
        checkAddresses();
    });
    connect(m_addresses, &AddressWatcher::addressesChanged, this,
            &ServerConditions::checkAddresses);
    checkAddresses();
}

void ServerConditions::setPortInUse(const QString &message)
{
    if (message.isEmpty())
        m_bar.clearCondition(MessageBar::Condition::PortInUse);
    else
        m_bar.setCondition(MessageBar::Condition::PortInUse, message);
}

void ServerConditions::checkAddresses()
{
    // A listener bound to an address the machine no longer has stays open, but nothing can
    // reach it until the address comes back (or another one is chosen).
    QStringList lost;
    const QList<AddressCandidate> present = m_addresses->candidates();
    for (const QHostAddress &address : m_server.listeningAddresses()) {
        if (address.isLoopback() || address == QHostAddress::Any || address == QHostAddress::AnyIPv4
            || address == QHostAddress::AnyIPv6)
            continue;
        const bool there
            = std::any_of(present.cbegin(), present.cend(), [&](const AddressCandidate &candidate) {
                  return candidate.address.isEqual(address);
              });
        if (!there)
            lost.append(address.toString());
    }
    if (lost.isEmpty()) {
        m_bar.clearCondition(MessageBar::Condition::AddressLost);
        return;
    }
    m_bar.setCondition(MessageBar::Condition::AddressLost,
                       tr("%1 is no longer an address of this computer (its network changed): "
                          "nothing reaches Sluice there until it comes back. Choose another "
                          "address under Server.")
                           .arg(QLocale().createSeparatedList(lost)));
}

} // namespace Sluice
