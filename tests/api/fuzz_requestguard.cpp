// Fuzz target for RequestGuard (the socket-level request guard in front of QHttpServer): any byte
// stream, fed in any split, must give the same verdict and the same request boundaries, never a
// crash, a hang or an offset that runs ahead of the bytes fed.
#include "api/requestguard.h"

#include <cstdint>
#include <cstdlib>

using namespace CutPilot::Api;

namespace {

struct Run
{
    RequestGuard::Verdict verdict;
    int completed;
    bool inRequest;
    bool upgraded;
    qint64 requestStart;
    qint64 lastCompletedEnd;
};

Run feedInPieces(QByteArrayView bytes, qsizetype piece)
{
    // Small limits, so that random inputs reach every rejection.
    RequestGuard guard(RequestGuardLimits{300, 200, 8});
    int completed = 0;
    RequestGuard::Verdict verdict = RequestGuard::Verdict::Continue;
    for (qsizetype from = 0; from < bytes.size(); from += piece) {
        const RequestGuard::Verdict now
            = guard.feed(bytes.sliced(from, std::min(piece, bytes.size() - from)));
        // A verdict, once given, stays.
        if (verdict != RequestGuard::Verdict::Continue && now != verdict)
            std::abort();
        verdict = now;
        if (guard.completedRequests() < completed)
            std::abort();
        completed = guard.completedRequests();
        if (guard.lastCompletedEnd() > guard.bytesFed()
            || guard.requestStartOffset() > guard.bytesFed())
            std::abort();
        if (guard.inRequest() && guard.requestStartOffset() < guard.lastCompletedEnd())
            std::abort();
        if ((verdict == RequestGuard::Verdict::Continue) != guard.reason().isEmpty())
            std::abort();
    }
    if (guard.bytesFed() != bytes.size())
        std::abort();
    return {guard.verdict(),    guard.completedRequests(),  guard.inRequest(),
            guard.isUpgraded(), guard.requestStartOffset(), guard.lastCompletedEnd()};
}

bool operator!=(const Run &a, const Run &b)
{
    return a.verdict != b.verdict || a.completed != b.completed || a.inRequest != b.inRequest
           || a.upgraded != b.upgraded || a.requestStart != b.requestStart
           || a.lastCompletedEnd != b.lastCompletedEnd;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const Run whole = feedInPieces(bytes, std::max<qsizetype>(1, bytes.size()));
    // The first byte picks a second split size (1..16): framing must not depend on the split.
    const qsizetype piece = size == 0 ? 1 : qsizetype(data[0] % 16) + 1;
    if (feedInPieces(bytes, piece) != whole)
        std::abort();
    if (feedInPieces(bytes, 1) != whole)
        std::abort();
    return 0;
}
