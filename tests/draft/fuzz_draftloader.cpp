// Fuzz target: the draft loader (bytes -> classification -> model -> serializer) never crashes.
#include "core/draft/draftparser.h"
#include "core/draft/draftprofile.h"
#include "core/draft/draftserializer.h"
#include "core/draft/draftvalidator.h"

#include <QByteArray>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace CutPilot::Core;
    static const DraftProfile profile = *DraftProfile::builtIn(QStringLiteral("jy5-win"));
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = DraftParser::parseBytes(bytes, QStringLiteral("fuzz.json"));
    if (parsed) {
        lintDraft(parsed->draft, profile);
        DraftSerializer(profile).contentDocument(parsed->draft);
    }
    return 0;
}
