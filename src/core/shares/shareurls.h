#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

namespace Sluice {

// "http://HOST:PORT/path", with IPv6 hosts in brackets.
QString shareUrl(const QHostAddress &host, quint16 port, const QByteArray &linkPath);

// The concrete addresses behind what the server listens on: an "any" address stands for every
// address of that family on the machine. IPv6 link-local addresses are left out: their links
// need a zone id that no other device can use.
QList<QHostAddress> reachableAddresses(const QList<QHostAddress> &listening);

} // namespace Sluice
