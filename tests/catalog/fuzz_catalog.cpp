// Fuzz target for the catalog loader (all three file shapes): any input must give entries or a
// clean error, never a crash, a hang or an id that is not a digit string.
#include "core/draft/catalog/catalogloader.h"
#include "core/support/log.h"

#include <cstdint>
#include <cstdlib>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const bool quiet = [] {
        // Unknown categories are logged as warnings; thousands of them only slow the run down.
        Log::get(Log::Draft)->set_level(spdlog::level::off);
        return true;
    }();
    Q_UNUSED(quiet);

    const QByteArray json
        = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QStringList warnings;
    const Result<QList<CatalogEntry>> entries = loadCatalogJson(json, u"fuzz.json"_s, &warnings);
    if (!entries)
        return 0;
    for (const CatalogEntry &entry : *entries) {
        // Invariants of every accepted entry (spec/draft-format.md §2.3).
        if (entry.resourceId.isEmpty() || entry.resourceId.size() > 19)
            std::abort();
        for (const QChar c : entry.resourceId) {
            if (c < u'0' || c > u'9')
                std::abort();
        }
        if (entry.defaultDurationUs < 0)
            std::abort();
    }
    // What was read can be written and read back.
    const Result<QList<CatalogEntry>> again
        = loadCatalogJson(catalogToJson(*entries, CatalogNamespace::JianYing), u"again.json"_s);
    if (!again || again->size() != entries->size())
        std::abort();
    return 0;
}
