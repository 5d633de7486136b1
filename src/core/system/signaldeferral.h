#pragma once

#include <functional>

#include <QObject>

namespace Sluice {

// Engine signals raised while a pump pass (or another walk over the connections) is on the
// stack wait, in order, until the event loop has the thread again: a slot may then stop the
// server, remove a share or change settings without pulling a connection out from under the
// pass. While some wait (or are being delivered), later ones queue behind them, so observers see
// them in the order they were raised and never nested in one another; otherwise they go out at
// once. Removals are signalled at once (they never happen in a pass): a queued signal checks at
// delivery that its object still exists. The state is per thread, as the stack it describes is.
class SignalDeferral
{
public:
    // While one of these lives on this thread, emissions are queued.
    class Scope
    {
    public:
        Scope();
        ~Scope();
        Q_DISABLE_COPY_MOVE(Scope)
    };

    // Runs `emission` now, or queues it while a Scope is open or others wait. A queued
    // emission whose `context` is destroyed before its turn is dropped.
    static void emitOrDefer(QObject *context, std::function<void()> emission);
    // Delivers what is waiting (the event loop calls it); does nothing inside a Scope or
    // while a delivery runs.
    static void deliverPending();
    static bool isDeferring();
};

} // namespace Sluice
