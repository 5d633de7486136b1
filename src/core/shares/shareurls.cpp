#include "shareurls.h"

#include <QNetworkInterface>

namespace Sluice {

QString shareUrl(const QHostAddress &host, quint16 port, const QByteArray &linkPath)
{
    QString hostText = host.toString();
    if (host.protocol() == QAbstractSocket::IPv6Protocol)
        hostText = u'[' + hostText + u']';
    return QStringLiteral("http://%1:%2%3")
        .arg(hostText)
        .arg(port)
        .arg(QString::fromLatin1(linkPath));
}

QList<QHostAddress> reachableAddresses(const QList<QHostAddress> &listening)
{
    QList<QHostAddress> result;
    const QList<QHostAddress> local = QNetworkInterface::allAddresses();
    auto add = [&result](const QHostAddress &address) {
        if (!address.isNull() && !result.contains(address))
            result.append(address);
    };
    for (const QHostAddress &bound : listening) {
        const bool anyV4 = bound == QHostAddress(QHostAddress::AnyIPv4)
            || bound == QHostAddress(QHostAddress::Any);
        const bool anyV6 = bound == QHostAddress(QHostAddress::AnyIPv6)
            || bound == QHostAddress(QHostAddress::Any);
        if (!anyV4 && !anyV6) {
            add(bound);
            continue;
        }
        for (const QHostAddress &address : local) {
            const bool v4 = address.protocol() == QAbstractSocket::IPv4Protocol;
            if ((v4 && anyV4) || (!v4 && anyV6 && !address.isLinkLocal()))
                add(QHostAddress(address.toString())); // drop any scope id
        }
    }
    return result;
}

} // namespace Sluice
