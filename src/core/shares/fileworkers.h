#pragma once

#include <functional>
#include <memory>

#include <QObject>

class QThreadPool;

namespace Sluice {

// A few threads that do the file system calls the event loop must not wait on: stat(2), open(2)
// and reads that may touch a slow disk or a hung network mount. Work is queued per device, and
// at most `perDeviceLimit` jobs of one device run at once, so a mount that stopped answering
// holds that many threads and the other devices keep the rest. A worker takes its device's next
// job itself, without a round-trip through the loop: a burst of a thousand downloads queues two
// thousand small jobs, and their answers arrive together.
class FileWorkers : public QObject
{
    Q_OBJECT
public:
    explicit FileWorkers(QObject *parent = nullptr);
    // Waits a moment for running jobs; a thread stuck in a hung mount is left behind.
    ~FileWorkers() override;

    static constexpr int threadCount = 4;
    static constexpr int perDeviceLimit = 2;

    // Runs `work` on a worker thread, then `done` on this object's thread, unless `context` was
    // deleted meanwhile. Whatever `work` captures is released on the worker before `done` runs.
    void run(quint64 device, std::function<void()> work, QObject *context,
             std::function<void()> done);

private:
    struct State; // shared with the workers: the queues, and how to reach this object

    std::unique_ptr<QThreadPool> m_pool;
    std::shared_ptr<State> m_state;
};

} // namespace Sluice
