// A libFuzzer-compatible driver for compilers without libFuzzer (GCC): replays every file of the
// corpus directories given on the command line, then runs deterministic mutations of them.
//
//   fuzz_target CORPUS_DIR... [-runs=N] [-seed=S] [-max_len=BYTES]
//
// The same target built with -DCUTPILOT_LIBFUZZER=ON (clang) takes the same arguments.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

namespace {

using Input = std::vector<uint8_t>;

void run(const Input &input)
{
    // Copy into an exactly-sized heap buffer so ASan sees reads past the end.
    auto *buffer = static_cast<uint8_t *>(std::malloc(std::max<size_t>(input.size(), 1)));
    if (!input.empty())
        std::memcpy(buffer, input.data(), input.size());
    LLVMFuzzerTestOneInput(buffer, input.size());
    std::free(buffer);
}

Input mutate(const std::vector<Input> &corpus, std::mt19937_64 &rng, size_t maxLen)
{
    auto pick = [&](size_t n) {
        return n == 0 ? 0 : size_t(rng() % n);
    };
    Input out = corpus.empty() ? Input{} : corpus[pick(corpus.size())];
    const int steps = 1 + int(rng() % 8);
    for (int s = 0; s < steps; ++s) {
        switch (rng() % 8) {
        case 0: // flip a bit
            if (!out.empty())
                out[pick(out.size())] ^= uint8_t(1u << (rng() % 8));
            break;
        case 1: // set an interesting byte
            if (!out.empty()) {
                static const uint8_t interesting[] = {0,   0xff, 0x7f, 0x80, '"',  '{', '}', '[',
                                                      ']', ':',  ',',  '\\', '\n', '-', '9', '.'};
                out[pick(out.size())] = interesting[rng() % sizeof(interesting)];
            }
            break;
        case 2: // truncate
            if (!out.empty())
                out.resize(pick(out.size()));
            break;
        case 3: // insert random bytes
        {
            const size_t at = pick(out.size() + 1);
            const size_t n = 1 + rng() % 16;
            Input bytes(n);
            for (auto &b : bytes)
                b = uint8_t(rng());
            out.insert(out.begin() + long(at), bytes.begin(), bytes.end());
            break;
        }
        case 4: // erase a range
            if (!out.empty()) {
                const size_t at = pick(out.size());
                const size_t n = std::min(out.size() - at, size_t(1 + rng() % 64));
                out.erase(out.begin() + long(at), out.begin() + long(at + n));
            }
            break;
        case 5: // duplicate a range (deep nesting, long lines)
            if (!out.empty()) {
                const size_t at = pick(out.size());
                const size_t n = std::min(out.size() - at, size_t(1 + rng() % 256));
                Input chunk(out.begin() + long(at), out.begin() + long(at + n));
                for (int r = int(rng() % 4); r >= 0; --r)
                    out.insert(out.begin() + long(at), chunk.begin(), chunk.end());
            }
            break;
        case 6: // splice with another corpus entry
            if (!corpus.empty()) {
                const Input &other = corpus[pick(corpus.size())];
                const size_t cut = pick(out.size() + 1);
                const size_t from = pick(other.size() + 1);
                out.resize(cut);
                out.insert(out.end(), other.begin() + long(from), other.end());
            }
            break;
        default: // replace a digit run with an extreme number
            if (!out.empty()) {
                static const char *numbers[]
                    = {"-1",  "0",        "99999999999999999999", "1e308", "-9223372036854775808",
                       "NaN", "0.0000001"};
                const char *n = numbers[rng() % (sizeof(numbers) / sizeof(numbers[0]))];
                const size_t at = pick(out.size());
                out.insert(out.begin() + long(at), n, n + std::strlen(n));
            }
            break;
        }
    }
    if (out.size() > maxLen)
        out.resize(maxLen);
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    long runs = 0;
    unsigned long long seed = 1;
    size_t maxLen = 1 << 20;
    std::vector<Input> corpus;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("-runs=", 0) == 0) {
            runs = std::strtol(arg.c_str() + 6, nullptr, 10);
        } else if (arg.rfind("-seed=", 0) == 0) {
            seed = std::strtoull(arg.c_str() + 6, nullptr, 10);
        } else if (arg.rfind("-max_len=", 0) == 0) {
            maxLen = size_t(std::strtoull(arg.c_str() + 9, nullptr, 10));
        } else if (arg.rfind("-", 0) == 0) {
            continue; // other libFuzzer flags are accepted and ignored
        } else {
            const std::filesystem::path path(arg);
            std::vector<std::filesystem::path> files;
            if (std::filesystem::is_directory(path)) {
                for (const auto &entry : std::filesystem::recursive_directory_iterator(path))
                    if (entry.is_regular_file())
                        files.push_back(entry.path());
                std::sort(files.begin(), files.end());
            } else {
                files.push_back(path);
            }
            for (const auto &file : files) {
                std::ifstream in(file, std::ios::binary);
                corpus.emplace_back(std::istreambuf_iterator<char>(in),
                                    std::istreambuf_iterator<char>());
            }
        }
    }
    for (const Input &input : corpus)
        run(input);
    run({});
    std::mt19937_64 rng(seed);
    for (long i = 0; i < runs; ++i)
        run(mutate(corpus, rng, maxLen));
    std::printf("standalone fuzz driver: %zu corpus inputs and %ld mutations executed, no crash\n",
                corpus.size(), runs);
    return 0;
}
