#pragma once

namespace Sluice {

class AccessLog;
class ClientBlocklist;
class DownloadCounter;
class FileWorkers;
class PumpScheduler;
class Responder;
class ShareRegistry;
class SocketPoller;
class TransferTracker;
struct ServerSettings;

// What a connection needs from the server; owned by the server and outliving its connections.
struct ConnectionContext
{
    const ServerSettings *settings = nullptr;
    Responder *responder = nullptr;
    ShareRegistry *shares = nullptr;
    TransferTracker *transfers = nullptr;
    PumpScheduler *scheduler = nullptr;
    AccessLog *accessLog = nullptr;
    SocketPoller *poller = nullptr;
    FileWorkers *workers = nullptr;
    DownloadCounter *downloads = nullptr;
    const ClientBlocklist *blocklist = nullptr;
};

} // namespace Sluice
