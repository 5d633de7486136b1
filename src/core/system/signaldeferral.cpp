#include "signaldeferral.h"

#include <deque>

#include <QPointer>
#include <QScopeGuard>
#include <QTimer>

namespace Sluice {
namespace {

struct PendingEmission
{
    QPointer<QObject> context;
    std::function<void()> emission;
};

struct DeferralState
{
    int scopeDepth = 0;
    bool deliveryPosted = false;
    bool delivering = false;
    std::deque<PendingEmission> pending;
};

thread_local DeferralState state;

} // namespace

SignalDeferral::Scope::Scope()
{
    ++state.scopeDepth;
}

SignalDeferral::Scope::~Scope()
{
    --state.scopeDepth;
}

bool SignalDeferral::isDeferring()
{
    return state.scopeDepth > 0;
}

void SignalDeferral::emitOrDefer(QObject *context, std::function<void()> emission)
{
    if (state.scopeDepth == 0 && !state.delivering && state.pending.empty()) {
        emission();
        return;
    }
    // Behind what waits already, so the order holds; a slot being delivered that raises a
    // signal itself sees it go out after it returns, not nested inside it.
    state.pending.push_back({context, std::move(emission)});
    if (!state.deliveryPosted) {
        state.deliveryPosted = true;
        // A zero timer runs from the event loop, so the pass has returned by then.
        QTimer::singleShot(0, [] {
            state.deliveryPosted = false;
            deliverPending();
        });
    }
}

void SignalDeferral::deliverPending()
{
    if (state.scopeDepth > 0 || state.delivering)
        return;
    state.delivering = true;
    const auto done = qScopeGuard([] { state.delivering = false; });
    while (!state.pending.empty()) {
        PendingEmission next = std::move(state.pending.front());
        state.pending.pop_front();
        if (next.context)
            next.emission();
    }
}

} // namespace Sluice
