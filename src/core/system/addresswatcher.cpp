#include "addresswatcher.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QLoggingCategory>
#include <QSocketNotifier>

Q_LOGGING_CATEGORY(lcAddresses, "sluice.addresses", QtInfoMsg)

namespace Sluice {
namespace {

QStringList fingerprintOf(const QList<AddressCandidate> &candidates)
{
    QStringList lines;
    for (const AddressCandidate &candidate : candidates) {
        lines.append(candidate.interfaceName + u' ' + candidate.address.toString() + u' '
                     + QString::number(int(candidate.onDefaultRoute)));
    }
    lines.sort();
    return lines;
}

} // namespace

AddressWatcher::AddressWatcher(Source source, QObject *parent)
    : QObject(parent)
    , m_source(source)
{
    m_candidates = localAddressCandidates();
    m_fingerprint = fingerprintOf(m_candidates);
    connect(&m_timer, &QTimer::timeout, this, &AddressWatcher::look);
    if (m_source == Source::Netlink && openNetlink()) {
        m_timer.setSingleShot(true);
        m_timer.setInterval(settleDelay);
        return;
    }
    m_source = Source::Polling;
    m_timer.setInterval(pollInterval);
    m_timer.start();
}

AddressWatcher::~AddressWatcher()
{
    m_notifier.reset();
    if (m_netlink >= 0)
        ::close(m_netlink);
}

bool AddressWatcher::openNetlink()
{
    m_netlink = ::socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (m_netlink < 0) {
        qCInfo(lcAddresses, "no routing netlink (%s): polling addresses", strerror(errno));
        return false;
    }
    sockaddr_nl address = {};
    address.nl_family = AF_NETLINK;
    address.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE
        | RTMGRP_IPV6_ROUTE;
    if (::bind(m_netlink, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        qCInfo(lcAddresses, "cannot join the netlink groups (%s): polling addresses",
               strerror(errno));
        ::close(m_netlink);
        m_netlink = -1;
        return false;
    }
    m_notifier = std::make_unique<QSocketNotifier>(m_netlink, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &AddressWatcher::drainNetlink);
    return true;
}

void AddressWatcher::drainNetlink()
{
    // The messages' contents do not matter: any of them means "look again". An overrun
    // (ENOBUFS) means the same.
    char buffer[8192];
    for (;;) {
        const ssize_t received = ::recv(m_netlink, buffer, sizeof(buffer), 0);
        if (received > 0 || (received < 0 && (errno == ENOBUFS || errno == EINTR)))
            continue;
        break;
    }
    if (!m_timer.isActive())
        m_timer.start();
}

void AddressWatcher::look()
{
    QList<AddressCandidate> candidates = localAddressCandidates();
    QStringList fingerprint = fingerprintOf(candidates);
    if (fingerprint == m_fingerprint)
        return;
    qCInfo(lcAddresses, "addresses changed: %s", qPrintable(fingerprint.join(u", ")));
    m_candidates = std::move(candidates);
    m_fingerprint = std::move(fingerprint);
    Q_EMIT addressesChanged();
}

} // namespace Sluice
