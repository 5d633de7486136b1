#pragma once

#include <QList>
#include <QObject>
#include <QSocketNotifier>

namespace Sluice {

// Turns SIGINT/SIGTERM into a Qt signal on the event loop (the self-pipe pattern), so shutdown
// runs as ordinary code instead of inside a signal handler.
class UnixSignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalWatcher(const QList<int> &signalNumbers, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    void handleReadable();

    QSocketNotifier *m_notifier = nullptr;
    QList<int> m_signals;
};

} // namespace Sluice
