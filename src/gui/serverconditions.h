#pragma once

#include <QObject>

namespace Sluice {

class AddressWatcher;
class BlobServer;
class MessageBar;

// Keeps the message bar in step with the server's problems that last until something changes:
// accepting paused (out of descriptors), a chosen address gone from the machine, a chosen port
// in use by another program. Each shows while it is in effect and clears by itself.
class ServerConditions : public QObject
{
    Q_OBJECT
public:
    ServerConditions(BlobServer &server, MessageBar &bar, QObject *parent = nullptr);

    // The port the user chose is taken (`message` says so), or no longer (empty).
    void setPortInUse(const QString &message);

private:
    void checkAddresses();

    BlobServer &m_server;
    MessageBar &m_bar;
    AddressWatcher *m_addresses = nullptr;
};

} // namespace Sluice
