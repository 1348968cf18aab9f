// SPDX-License-Identifier: MIT
#include "claudecorpusgenerator.h"

#include "jsontext.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <QDir>
#include <QFile>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

// The generator builds every line with std::string appends instead of QJsonObject: a 1 GB corpus
// is ~500k lines, and per-line QString/QJson construction would dominate the run time. All
// randomness comes from one xoshiro256** stream seeded from the options and all arithmetic is
// integer, so the output does not depend on the platform's libm or on the clock.

namespace {

using i64 = qint64;
using u64 = quint64;

constexpr i64 kSecond = 1000;
constexpr i64 kMinute = 60 * kSecond;
constexpr i64 kHour = 60 * kMinute;
constexpr i64 kDay = 24 * kHour;
constexpr std::size_t kFlushBytes = 1 << 20;

// ---------------------------------------------------------------------------------------------
// Random numbers

struct Rng
{
    u64 s[4] {};

    explicit Rng(u64 seed)
    {
        u64 x = seed;
        for (u64& v : s)
            v = splitMix(x);
    }

    static u64 splitMix(u64& x)
    {
        u64 z = (x += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    static u64 rotl(u64 x, int k) { return (x << k) | (x >> (64 - k)); }

    u64 next()
    {
        const u64 result = rotl(s[1] * 5, 7) * 9;
        const u64 t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = rotl(s[3], 45);
        return result;
    }

    // Uniform in [0, n); the modulo bias is irrelevant for synthetic data.
    u64 below(u64 n) { return n == 0 ? 0 : next() % n; }

    // Uniform in [lo, hi], inclusive.
    i64 between(i64 lo, i64 hi)
    {
        return hi <= lo ? lo : lo + static_cast<i64>(below(static_cast<u64>(hi - lo) + 1));
    }

    bool chance(int perMille) { return static_cast<int>(below(1000)) < perMille; }

    // Roughly log-uniform in [lo, hi]: a random octave, then uniform inside it. Sizes of tool
    // output, pauses and sessions are heavy-tailed in real logs; this gets the shape without libm.
    i64 logUniform(i64 lo, i64 hi)
    {
        lo = std::max<i64>(lo, 1);
        if (hi <= lo)
            return lo;
        int octaves = 0;
        for (i64 v = lo; v < hi; v *= 2)
            ++octaves;
        const i64 base = lo << below(static_cast<u64>(octaves));
        return std::min(hi, base + static_cast<i64>(below(static_cast<u64>(base))));
    }

    int weighted(std::initializer_list<int> weights)
    {
        int total = 0;
        for (int w : weights)
            total += w;
        int r = static_cast<int>(below(static_cast<u64>(total)));
        int index = 0;
        for (int w : weights) {
            if (r < w)
                return index;
            r -= w;
            ++index;
        }
        return index - 1;
    }

    template <typename T> const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }
};

// ---------------------------------------------------------------------------------------------
// Formatting

void appendInt(std::string& out, i64 v)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void appendQuoted(std::string& out, std::string_view text)
{
    out += '"';
    JsonText::appendEscaped(out, text);
    out += '"';
}

void appendDigits(std::string& out, i64 v, int width)
{
    char buf[8];
    for (int i = width - 1; i >= 0; --i) {
        buf[i] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    out.append(buf, static_cast<std::size_t>(width));
}

i64 floorDiv(i64 a, i64 b)
{
    i64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

// ISO-8601 UTC with milliseconds, e.g. 2026-05-04T09:12:03.120Z (days→civil after H. Hinnant).
void appendTimestamp(std::string& out, i64 ms)
{
    const i64 days = floorDiv(ms, kDay);
    i64 rem = ms - days * kDay;
    const i64 z = days + 719468;
    const i64 era = floorDiv(z, 146097);
    const i64 doe = z - era * 146097;
    const i64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    i64 y = yoe + era * 400;
    const i64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const i64 mp = (5 * doy + 2) / 153;
    const i64 d = doy - (153 * mp + 2) / 5 + 1;
    const i64 m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        ++y;
    appendDigits(out, y, 4);
    out += '-';
    appendDigits(out, m, 2);
    out += '-';
    appendDigits(out, d, 2);
    out += 'T';
    appendDigits(out, rem / kHour, 2);
    rem %= kHour;
    out += ':';
    appendDigits(out, rem / kMinute, 2);
    rem %= kMinute;
    out += ':';
    appendDigits(out, rem / kSecond, 2);
    out += '.';
    appendDigits(out, rem % kSecond, 3);
    out += 'Z';
}

// 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday.
int weekday(i64 ms)
{
    return static_cast<int>((floorDiv(ms, kDay) % 7 + 11) % 7);
}

// ---------------------------------------------------------------------------------------------
// Vocabulary. Placeholders: %n/%m noun, %N/%M capitalised noun, %v/%V verb, %i number,
// %h short hash, %f source file, %t test file, %F function name, %p package, %% percent sign.

const std::vector<const char*> kNouns = { "order", "user", "invoice", "cart", "payment", "session", "token",
    "config", "cache", "request", "report", "metric", "event", "queue", "worker", "job", "schema", "record",
    "item", "product", "account", "customer", "message", "channel", "buffer", "parser", "index", "query",
    "result", "handler", "client", "route", "model", "store", "filter", "batch", "price", "shipment",
    "tenant", "webhook" };
const std::vector<const char*> kVerbs = { "get", "set", "load", "save", "parse", "build", "create", "update",
    "delete", "fetch", "validate", "compute", "render", "handle", "process", "apply", "merge", "resolve",
    "find", "list", "sync", "flush", "encode", "decode", "refresh", "check", "normalize", "schedule" };

enum Language
{
    Python,
    TypeScript,
    Cpp,
    Go,
    Rust,
    LanguageCount
};

struct LanguageSpec
{
    const char* extension;
    std::vector<const char*> imports, openers, bodies, closers;
    std::vector<const char*> sourcePaths, testPaths, otherPaths;
    std::vector<const char*> commands; // "command|description"
    std::vector<const char*> outputs, grepPatterns;
};

const std::array<LanguageSpec, LanguageCount>& languageSpecs()
{
    static const std::array<LanguageSpec, LanguageCount> specs = { {
        { "py",
            { "import os", "import json", "import logging", "from typing import Any, Optional",
                "from dataclasses import dataclass, field", "from %p.%n import %N, %N%M",
                "from %p.%m.%n import %v_%n", "import %n_%m" },
            { "def %v_%n(%n_id: int, *, %m: Optional[%M] = None) -> %N:",
                "    def %v_%ns(self, limit: int = %i) -> list[%N]:",
                "async def %v_%n(request: Request) -> Response:", "class %N%MService:",
                "@dataclass\nclass %N%M:", "def test_%v_%n_returns_%m(client, %n_factory):",
                "    def __init__(self, %n: %N, %m: %M) -> None:" },
            { "    %n = %m_repo.%v(%n_id)", "    if not %n:",
                "        raise ValueError(f\"invalid %n: {%n!r}\")", "    logger.debug(\"%v %n %s\", %n.id)",
                "    for %m in %n.%ms:", "        total += %m.amount * %m.quantity",
                "    # %V the %n first so a failure leaves the %m untouched",
                "    %ns = [x for x in %ms if x.active]",
                "    result = await self.%m_client.%v(\"/api/%ns\", params={\"limit\": %i})",
                "    with open(path, \"r\", encoding=\"utf-8\") as fh:", "        data = json.load(fh)",
                "    assert response.status_code == %i", "    self._%n = %n",
                "    self._%ms: dict[int, %M] = {}", "    return {\"%n\": %n.to_dict(), \"%m\": %m_id}",
                "    except %NError as exc:", "        logger.warning(\"%v failed: %s\", exc)",
                "    %n.%m = %m or self.default_%m", "    if len(%ns) > %i:", "        %ns = %ns[:%i]" },
            { "    return %n", "    return None", "    return result", "        pass", "    return True" },
            { "src/%p/%n.py", "src/%p/%n_%m.py", "src/%p/api/%ns.py", "src/%p/services/%n_service.py",
                "src/%p/models/%n.py" },
            { "tests/test_%n.py", "tests/test_%n_%m.py", "tests/api/test_%ns.py" },
            { "pyproject.toml", "README.md", "tests/conftest.py", "Makefile", ".github/workflows/ci.yml" },
            { "pytest -q tests/test_%n.py|Run the %n tests",
                "python -m pytest -x -k %v_%n|Run the %v_%n tests", "ruff check src/|Lint the sources",
                "git status|Show working tree status", "git diff --stat|Show changed files",
                "ls -la src/%p|List package files", "mypy src/%p|Type-check the package",
                "git log --oneline -15|Show recent commits" },
            { "tests/test_%n.py::test_%v_%n PASSED                                  [ %i%]",
                "tests/test_%n_%m.py::test_%v_%m FAILED                              [ %i%]",
                "E       AssertionError: assert %i == %i", "E        +  where %i = len(%ns)",
                "============================ %i passed in 2.%is ============================",
                "src/%p/%n.py:%i:%i: F401 [*] `%m` imported but unused", " M src/%p/%n_%m.py",
                "?? tests/test_%n.py", "%h %V %n handling in the %m service (#%i)",
                "-rw-r--r-- 1 demo demo  %i%i Oct %i 09:14 %n_%m.py",
                "  File \"/home/demo/src/%p/%n.py\", line %i, in %v_%n", "    raise %NError(\"%v failed\")",
                "Success: no issues found in %i source files" },
            { "def %v_%n", "class %N", "%n_id", "import %n", "%v_%m\\(", "TODO" } },
        { "ts",
            { "import { %N%M } from './%n/%m';", "import type { %N } from '../types';",
                "import express from 'express';", "import { useState, useEffect } from 'react';",
                "import { z } from 'zod';", "import { %v%N } from '@/lib/%n';" },
            { "export async function %v%N(id: string): Promise<%N> {",
                "export function use%N%M(options: %NOptions = {}) {",
                "  async %v%Ns(limit = %i): Promise<%N[]> {", "export class %N%MController {",
                "const %v%N = async (req: Request, res: Response) => {", "describe('%v%N', () => {",
                "  it('%vs the %n when the %m is missing', async () => {" },
            { "  const %n = await this.%mRepository.%v(id);", "  if (!%n) {",
                "    throw new NotFoundError(`%N ${id} not found`);", "  }",
                "  const [%ns, set%Ns] = useState<%N[]>([]);",
                "  return %ns.filter((x) => x.%mId === id).map(to%NDto);",
                "  logger.info('%v %n', { id, count: %ns.length });",
                "  // %V %ns lazily so the first paint stays fast", "  expect(result.%n).toEqual(%i);",
                "  await db.%n.update({ where: { id }, data: { %m: value } });",
                "  const schema = z.object({ %n: z.string(), %m: z.number().int() });",
                "  useEffect(() => { void %v%N(); }, [%mId]);", "  res.status(%i).json({ %n });",
                "  for (const %m of %n.%ms) {", "    total += %m.amount;",
                "  private readonly %ns = new Map<string, %N>();" },
            { "}", "  }", "});", "  return %n;" },
            { "src/%n/%N%M.tsx", "src/api/%n.ts", "src/hooks/use%N.ts", "src/lib/%n/%m.ts",
                "src/components/%N%M.tsx" },
            { "src/%n/%N.test.ts", "tests/%n.spec.ts", "src/api/%n.test.ts" },
            { "package.json", "tsconfig.json", "README.md", "vite.config.ts", ".eslintrc.cjs" },
            { "npm test -- %n|Run the %n tests", "npx tsc --noEmit|Type-check the project",
                "npm run lint|Lint the sources", "git status|Show working tree status",
                "git log --oneline -15|Show recent commits", "npx vitest run src/%n|Run the %n tests",
                "ls -la src/%n|List %n files" },
            { " ✓ src/%n/%N.test.ts (%i tests) %ims", " ✗ %vs the %n when the %m is missing",
                "   → expected %i to equal %i",
                "src/%n/%m.ts(%i,%i): error TS2345: Argument of type 'string' is "
                "not assignable to parameter of type '%N'.",
                " Test Files  %i passed (%i)", "      Tests  %i passed | 1 skipped (%i)",
                "   Duration  %i.%is",
                "  %i:%i  warning  '%n' is assigned a value but never used  "
                "@typescript-eslint/no-unused-vars",
                "%h fix(%n): %v %m before render (#%i)", " M src/%n/%N%M.tsx" },
            { "%v%N", "use%N", "%NProps", "interface %N", "TODO", "%mId" } },
        { "cpp",
            { "#include <%n/%m.h>", "#include \"%n%m.h\"", "#include <vector>", "#include <string_view>",
                "#include <QString>", "#include <memory>" },
            { "%N %N%M::%v%N(const %M& %m) const", "std::vector<%N> %v%Ns(std::string_view %m, int limit)",
                "void %N%MWorker::%v()", "bool %v%N(%N* %n, std::size_t count) noexcept",
                "void tst_%N%M::%v%N()", "%N%M::%N%M(QObject* parent)" },
            { "{", "    auto %n = m_%ms.find(%m.id());", "    if (%n == m_%ms.end())",
                "        throw std::runtime_error(\"unknown %n\");", "    for (const auto& %m : %n.%ms())",
                "        total += %m.size();",
                "    // %V under the lock: readers see either the old or the new %n",
                "    std::lock_guard lock(m_mutex);", "    return %n->second;", "    m_%ns.reserve(%i);",
                "    QCOMPARE(%n.%m(), %i);", "    const auto %m = std::make_unique<%M>(%i);",
                "    if (!%n.isValid())", "        return {};", "    emit %n%VChanged(%m);" },
            { "}", "    }", "    return %n;" },
            { "src/%n/%n%m.cpp", "src/%n/%n%m.h", "src/%n/%n.cpp", "src/%n/%n.h", "src/core/%n%m.cpp" },
            { "tests/tst_%n%m.cpp", "tests/%n/tst_%n.cpp" },
            { "CMakeLists.txt", "README.md", "src/CMakeLists.txt", ".clang-format" },
            { "cmake --build build -j8|Build the project",
                "ctest --test-dir build -R %n --output-on-failure|Run the %n tests",
                "git diff --stat|Show changed files", "git status|Show working tree status",
                "ls build|List build outputs", "ninja -C build %n_tests|Build the %n tests" },
            { "[%i/%i] Building CXX object src/CMakeFiles/core.dir/%n/%n%m.cpp.o",
                "[%i/%i] Linking CXX executable tests/tst_%n%m",
                "/home/demo/src/%p/src/%n/%n%m.cpp:%i:%i: warning: unused variable '%m' [-Wunused-variable]",
                "/home/demo/src/%p/src/%n/%n%m.cpp:%i:%i: error: no member named '%v%N' in '%N'",
                "%i/%i Test #%i: tst_%n%m ...................   Passed    0.%i sec",
                "100%% tests passed, 0 tests failed out of %i", "%h %V %n cache on %m reload (#%i)",
                "PASS   : tst_%N%M::%v%N()", "FAIL!  : tst_%N%M::%v%M() Compared values are not the same" },
            { "%v%N", "class %N", "m_%ns", "#include <%n", "TODO", "%N::" } },
        { "go",
            { "import (", "\t\"context\"", "\t\"fmt\"", "\t\"github.com/demo/%p/internal/%n\"",
                "\t\"database/sql\"", ")" },
            { "func (s *%NService) %V%N(ctx context.Context, id int64) (*%N, error) {",
                "func %v%Ns(db *sql.DB, limit int) ([]%N, error) {", "func Test%V%N(t *testing.T) {",
                "type %N%M struct {", "func New%N%M(cfg Config) *%N%M {" },
            { "\t%n, err := s.%ms.%V(ctx, id)", "\tif err != nil {",
                "\t\treturn nil, fmt.Errorf(\"%v %n %d: %w\", id, err)", "\t}",
                "\tfor _, %m := range %n.%Ms {", "\t\ttotal += %m.Amount",
                "\t// %V before the deadline so the caller can retry", "\treturn %n, nil",
                "\t%N   string `json:\"%n\"`", "\tif got := %v%N(%i); got != %i {",
                "\t\tt.Fatalf(\"%v%N() = %d, want %d\", got, %i)", "\tdefer rows.Close()", "\tmu.Lock()",
                "\tdefer mu.Unlock()" },
            { "}", "\t}", "\treturn nil" },
            { "internal/%n/%n.go", "internal/%n/%m.go", "internal/%n/%m_store.go", "cmd/%p/main.go" },
            { "internal/%n/%n_test.go", "internal/%n/%m_test.go" },
            { "go.mod", "README.md", "Makefile", "Dockerfile" },
            { "go test ./internal/%n/...|Run the %n tests", "go vet ./...|Vet the module",
                "go build ./...|Build the module", "git status|Show working tree status",
                "golangci-lint run|Lint the sources" },
            { "ok  \tgithub.com/demo/%p/internal/%n\t0.%is", "--- FAIL: Test%V%N (0.0%is)",
                "    %n_test.go:%i: %v%N() = %i, want %i", "FAIL\tgithub.com/demo/%p/internal/%m\t0.%is",
                "=== RUN   Test%V%N", "--- PASS: Test%V%N (0.00s)",
                "internal/%n/%m.go:%i:%i: ineffectual assignment to err", "%h %n: %v %m on shutdown (#%i)" },
            { "func %V%N", "type %N", "%n.%V", "TODO", "ctx context" } },
        { "rs",
            { "use crate::%n::%N;", "use std::collections::HashMap;", "use anyhow::{Context, Result};",
                "use serde::{Deserialize, Serialize};", "use tokio::sync::Mutex;" },
            { "pub fn %v_%n(&self, id: u64) -> Result<%N> {",
                "pub async fn %v_%ns(pool: &PgPool, limit: i64) -> Result<Vec<%N>> {", "impl %N%M {",
                "fn test_%v_%n() {", "pub struct %N%M {" },
            { "    let %n = self.%ms.get(&id).context(\"%n not found\")?;", "    for %m in %n.%ms.iter() {",
                "        total += %m.amount;", "    // %V here so the borrow ends before the await",
                "    let %n = %N::new(%i);", "    assert_eq!(%n.%m, %i);", "    Ok(%n.clone())",
                "    let mut %ns: Vec<%N> = Vec::with_capacity(%i);", "    %ns.sort_by_key(|x| x.%m);",
                "    pub %m: Option<%M>,", "    tracing::debug!(%n = %i, \"%v\");", "    }" },
            { "}", "    }", "    Ok(())" }, { "src/%n.rs", "src/%n/%m.rs", "src/%n/mod.rs", "src/bin/%p.rs" },
            { "tests/%n_%m.rs", "tests/%n.rs" }, { "Cargo.toml", "README.md", "build.rs", "clippy.toml" },
            { "cargo test %n|Run the %n tests", "cargo clippy --all-targets|Lint the crate",
                "cargo build --release|Build the crate", "git status|Show working tree status",
                "cargo fmt --check|Check formatting" },
            { "   Compiling %p v0.%i.0 (/home/demo/src/%p)",
                "    Finished `test` profile [unoptimized] in %i.%is", "test %n::tests::%v_%n ... ok",
                "test %m::tests::%v_%m ... FAILED",
                "test result: ok. %i passed; 0 failed; 0 ignored; 0 measured",
                "warning: unused variable: `%m`", "  --> src/%n/%m.rs:%i:%i",
                "error[E0308]: mismatched types", "%h %v %n lazily (#%i)" },
            { "fn %v_%n", "struct %N", "impl %N", "TODO", "%n::" } },
    } };
    return specs;
}

const std::vector<const char*> kPrompts = { "Add pagination to the %n endpoint in %f",
    "Fix the failing test in %t", "Why does %F return an empty list when the %n cache is cold?",
    "Refactor %f so the %n logic lives in its own module", "Write unit tests for %F",
    "Can you add retry with exponential backoff to %F?",
    "The build is broken after the last merge, please fix it", "Rename %n to %m across the codebase",
    "Update the README with setup instructions for the %n service",
    "Investigate why %F is slow with many %ns and optimise it", "Add a --%n-limit flag to the CLI",
    "Review the diff on this branch and point out anything risky", "Implement %F according to the TODO in %f",
    "continue", "yes, go ahead", "run the tests again", "looks good, commit it with a sensible message",
    "Please also handle the case where the %n is missing", "Add structured logging to %f",
    "Explain how %n and %m interact in this project", "%F crashes when the %m list is empty, can you look?",
    "Split %f into smaller functions, it is getting hard to read",
    "Add input validation for the %n payload and return 422 on bad input", "undo the last change to %f",
    "Make the %n tests deterministic, they are flaky on CI", "What's left to do for the %n migration?" };

const std::vector<const char*> kLeadTexts
    = { "I'll start by reading %f to understand the current %n handling.",
          "Let me look at how %F is used across the project.", "Now let me update %f.",
          "Let me run the tests to see the current state.", "I'll search for all references to %n first.",
          "The test fails because %F doesn't handle an empty %n. Let me fix that.",
          "Good, that works. Now the %m part.", "Let me check the project structure.",
          "I need to see the %m model before changing %F.", "Now I'll add a test for the edge case." };

const std::vector<const char*> kThoughts = { "The user wants me to %v the %n in %f.",
    "I should check whether %F is called from other places before changing its signature.",
    "If the %m is missing we need to fall back to the default instead of raising.",
    "Edge cases: empty %ns, duplicated ids, and a timeout from the %m client.",
    "The cleanest approach is probably to extract a small helper and test it separately.",
    "The failing assertion compares %i with %i, so the off-by-one is in the loop bound.",
    "Let me look at the tests first; they document the expected %n behaviour.",
    "This touches the public API, so I should keep the old name as a deprecated alias.",
    "Running the whole suite takes a while, I'll run just the %n tests first.",
    "The %m cache is invalidated on write, which explains the stale reads." };

const std::vector<const char*> kSummaryBullets = { "- **%f**: %v the %n before touching the %m",
    "- **%t**: added tests for the empty-%n and missing-%m cases",
    "- **%f**: extracted `%F` from the request handler", "- Renamed `%n` to `%m` in %i places",
    "- Removed the unused `%m` import", "- **%f**: retries now back off exponentially (max %i attempts)",
    "- Validation errors return 422 with the offending field",
    "- Logging uses structured fields (`%n_id`, `%m`)" };

const std::vector<const char*> kAgentTypes = { "general-purpose", "Explore", "Plan", "code-reviewer" };
const std::vector<const char*> kTaskDescriptions = { "Find %F call sites", "Review %f",
    "Explore the %n module", "Plan the %n refactor", "Check test coverage of %n", "Trace %m data flow" };
const std::vector<const char*> kTaskPrompts = { "Search the codebase for every call site of %F and report "
                                                "file paths with line numbers. Do not modify any files.",
    "Review %f for correctness and error handling. List concrete issues with line references and a suggested "
    "fix for each.",
    "Explore how the %n module is structured: entry points, main types, and how it talks to the %m layer. "
    "Summarise in under 300 words.",
    "Draft a step-by-step plan to move the %n logic out of %f into its own module without breaking the "
    "public API.",
    "Find which functions in the %n package have no tests in %t and similar files. Report them as a list." };

const char* const kMainModels[] = { "claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805",
    "claude-sonnet-4-6", "claude-opus-4-6", "claude-haiku-4-5-20251001" };
const char* const kHaiku = "claude-haiku-4-5-20251001";

struct ProjectSeed
{
    const char* path; // below /home/demo/src
    Language language;
};

const ProjectSeed kProjectSeeds[]
    = { { "shop", Python }, { "billing-service", Go }, { "dashboard", TypeScript }, { "infra_tools", Python },
          { "ml-pipeline", Python }, { "mobile-app", TypeScript }, { "docs-site", TypeScript },
          { "api-gateway", Go }, { "auth-server", Rust }, { "data_etl", Python }, { "cli-tools", Rust },
          { "search-engine", Cpp }, { "notifications", TypeScript }, { "game-engine", Cpp },
          { "platform/api", Go }, { "agentmeter", Cpp }, { "blog", TypeScript }, { "homelab", Python } };

enum Tool
{
    ToolRead,
    ToolBash,
    ToolEdit,
    ToolWrite,
    ToolGrep,
    ToolGlob,
    ToolTask
};
const char* const kToolNames[] = { "Read", "Bash", "Edit", "Write", "Grep", "Glob", "Task" };

// ---------------------------------------------------------------------------------------------
// Model of what is being written

struct Project
{
    std::string name; // last path component
    std::string package; // identifier-safe name
    std::string cwd;
    std::string dir; // absolute directory below <outputDir>/projects
    Language language = Python;
    std::vector<std::string> sources, tests, others;
};

struct SessionPlan
{
    i64 startMs = 0;
    int project = 0;
    int era = 3;
    int dayIndex = 0;
    bool force = false; // guarantees the era's sub-agent layout (and for era 3 the rare features)
};

struct Usage
{
    i64 input = 0, cacheCreation = 0, cacheRead = 0, creation5m = 0, creation1h = 0, output = 0;
    i64 total() const { return input + cacheCreation + cacheRead + output; }
};

struct ToolCall
{
    Tool tool = ToolRead;
    std::string id;
    std::string path; // relative to the cwd
    std::string arg; // command, pattern
    std::string arg2; // description, Grep mode
    std::string prompt; // Task prompt
    std::string agentType;
    int count = 0; // size hint
    int poolStart = 0;
    std::string lineUuid; // assistant line that carried the call
};

struct ProgressCopy
{
    std::string message; // the nested "message" object of a sub-agent assistant line
    std::string requestId;
    std::string uuid;
    i64 ms = 0;
};

struct ReplaySource
{
    std::string message; // the "message" object of a parent assistant line
    i64 ms = 0; // and its timestamp
};

// One output file. Lines are buffered and written in 1 MiB chunks.
struct Sink
{
    std::string path;
    std::FILE* file = nullptr;
    std::string buffer;
    i64 now = 0; // timestamp of the last line written, so that timestamps strictly increase
    i64 lines = 0;
    bool injectBroken = false;
    bool brokenWritten = false;

    Sink() = default;
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;
    ~Sink()
    {
        if (file)
            std::fclose(file);
    }

    i64 advance(i64 ms)
    {
        now += std::max<i64>(1, ms);
        return now;
    }
    i64 at(i64 ms)
    {
        now = std::max(now + 1, ms);
        return now;
    }
};

// One conversation chain: the main session, or one sub-agent.
struct Transcript
{
    Sink* sink = nullptr;
    bool sidechain = false;
    std::string agentId;
    std::string agentType;
    std::string lastUuid; // parent of the next line; empty means null
    std::string model;
    int depth = 0;
    int era = 3;
    // Prompt-cache model: tokens cached after the previous request, tokens added since.
    i64 context = 0;
    i64 pending = 0;
    i64 sharedPrefix = 0; // system prompt + tools, still cached by other sessions
    i64 lastRequestMs = 0;
    bool forceMiss = true;
    int ttlMode = 0; // 0: 5-minute cache writes, 1: 1-hour, 2: a 1-hour share
    int toolUses = 0;
    Usage lastUsage;
    std::string lastText; // text of the final answer (a sub-agent's summary)
    std::vector<ProgressCopy>* progress = nullptr;
};

struct SubAgentResult
{
    std::string agentId;
    std::string summary;
    std::string model;
    i64 durationMs = 0;
    int toolUses = 0;
    Usage lastUsage;
};

struct ExchangeOptions
{
    bool subAgent = false;
    bool allowTask = false;
    bool forceTask = false; // the first tool request spawns a sub-agent
    bool forceNested = false; // that sub-agent spawns one of its own
    bool forceProgress = false;
};

struct SessionState
{
    const Project* project = nullptr;
    const SessionPlan* plan = nullptr;
    std::string sessionId;
    std::string envelope; // "userType":…,"gitBranch":"…",
    std::string dir; // <project dir>/<sessionId>
    std::string permissionMode;
    i64 deadline = 0;
    i64 budgetEnd = 0; // m_bytes at which the session should wind down
    i64 timeScale = 100; // percent applied to every pause, so that big sessions fit their time
    bool journalEnabled = false;
    std::unique_ptr<Sink> journal;
    std::vector<ReplaySource> recent; // last parent assistant messages, for /btw replays
    std::vector<std::pair<std::string, int>> edited; // tracked files and their backup versions
    bool forcedTaskDone = false;
};

// ---------------------------------------------------------------------------------------------

// The generator's working state: one run of ClaudeCorpusGenerator::generate(). Kept out of the
// public header because it is an implementation detail with dozens of helpers.
class CorpusWriter
{
public:
    explicit CorpusWriter(const ClaudeCorpusOptions& options);
    ClaudeCorpusSummary run();

private:
    // setup
    void buildPools();
    void buildProjects();
    std::vector<SessionPlan> buildSchedule();
    std::string fill(std::string_view pattern, Language language);
    void fillInto(std::string& out, std::string_view pattern, Language language);

    // ids
    void appendUuid(std::string& out);
    std::string newUuid();
    std::string base58Id(std::string_view prefix, int length);
    std::string newAgentId(int era);
    std::string hexString(int length);

    // files
    std::unique_ptr<Sink> openSink(const std::string& path, bool jsonl);
    void writeLine(Sink& sink, std::string_view line, bool carriesUsage);
    void writeRaw(Sink& sink, std::string_view data);
    void flush(Sink& sink);
    void closeSink(Sink& sink);
    bool overTarget() const { return m_bytes >= m_target; }
    i64 room() const { return m_target - m_bytes; }
    i64 sessionRoom() const { return std::min(m_session.budgetEnd, m_target) - m_bytes; }

    // lines
    void beginLine(const Transcript& t, bool assistant);
    void endLine(std::string_view uuid, i64 ms);
    i64 wait(Transcript& t, i64 ms);
    Usage nextUsage(Transcript& t, i64 output);
    static void appendUsage(std::string& out, const Usage& u, i64 output);

    // conversation
    void runSession(const SessionPlan& plan, i64 budget);
    void runTurn(Transcript& t);
    void runExchange(Transcript& t, int requests, const ExchangeOptions& options);
    void planCalls(const ExchangeOptions& options, bool forceTask, std::vector<ToolCall>& calls);
    void buildToolUse(std::string& out, const ToolCall& call);
    void emitRequest(Transcript& t, const std::vector<std::string>& blocks, std::vector<ToolCall>* calls,
        i64 output, const char* stopReason);
    void emitFinal(Transcript& t, const ExchangeOptions& options);
    void executeCall(Transcript& t, ToolCall& call, const ExchangeOptions& options);
    void emitToolResult(Transcript& t, const ToolCall& call, bool isError);
    SubAgentResult runSubAgent(
        Transcript& parent, const ToolCall& call, const ExchangeOptions& parentOptions);
    void emitProgress(
        Transcript& parent, const ToolCall& call, const std::string& agentId, const ProgressCopy& copy);
    void journalEvent(
        bool started, const std::string& agentId, const ToolCall& call, int depth, i64 ms, i64 durationMs);
    void compact(Transcript& t);
    void writeBtw(Transcript& main);
    void writeSynthetic(Transcript& t, bool apiError = false);
    void writeApiError(Transcript& t);
    void writeUserText(Transcript& t, std::string_view text, bool prompt, const std::string& uuid);
    void writeTurnDuration(Transcript& t, i64 durationMs);
    void writeSnapshot(Transcript& t, const std::string& messageId);

    // text
    void appendCodeLines(std::string& out, Language language, int start, int count, bool numbered,
        int firstNumber, std::string_view separator);
    void appendProse(
        std::string& out, const std::vector<const char*>& pool, int sentences, std::string_view separator);
    std::string absolutePath(const std::string& relative) const;
    const std::string& pickFile(bool test);
    i64 textTokens(i64 bytes) const { return bytes * 2 / 7 + 1; }

    ClaudeCorpusOptions m_options;
    Rng m_rng;
    i64 m_target;
    i64 m_endMs;
    i64 m_bytes = 0;
    ClaudeCorpusSummary m_summary;
    std::string m_root; // <outputDir>/projects
    std::vector<Project> m_projects;
    std::vector<int> m_projectWeights;
    std::array<std::vector<std::string>, LanguageCount> m_code; // JSON-escaped source lines
    std::array<std::vector<std::string>, LanguageCount> m_outputs; // JSON-escaped command output lines
    std::unordered_set<std::string> m_agentIds;
    std::string m_line; // the line being built
    std::string m_content; // tool_result content (a JSON value)
    std::string m_result; // toolUseResult (a JSON value)
    std::string m_scratch;
    SessionState m_session;
    int m_fileCounter = 0;
    int m_apiErrors = 0; // api_error lines written; every other one ends in a failure
};

CorpusWriter::CorpusWriter(const ClaudeCorpusOptions& options)
    : m_options(options)
    , m_rng(options.seed)
    , m_target(std::max<i64>(options.targetBytes, 1))
{
    const QDateTime end
        = options.end.isValid() ? options.end : QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC);
    m_endMs = end.toMSecsSinceEpoch();
    m_options.days = std::max(1, options.days);
    m_line.reserve(1 << 16);
    m_content.reserve(1 << 16);
    m_result.reserve(1 << 16);
}

// ---------------------------------------------------------------------------------------------
// Setup

void CorpusWriter::fillInto(std::string& out, std::string_view pattern, Language language)
{
    constexpr std::size_t none = ~std::size_t(0);
    std::size_t noun = none;
    std::size_t noun2 = none;
    const char* verb = nullptr;
    auto nounOf = [&]() {
        if (noun == none)
            noun = m_rng.below(kNouns.size());
        return kNouns[noun];
    };
    // A second noun, always different from the first.
    auto noun2Of = [&]() {
        if (noun2 == none) {
            nounOf();
            noun2 = (noun + 1 + m_rng.below(kNouns.size() - 1)) % kNouns.size();
        }
        return kNouns[noun2];
    };
    auto verbOf = [&]() {
        if (!verb)
            verb = m_rng.pick(kVerbs);
        return verb;
    };
    auto capital = [&](const char* word) {
        out += static_cast<char>(word[0] - 'a' + 'A');
        out += word + 1;
    };
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c != '%' || i + 1 == pattern.size()) {
            out += c;
            continue;
        }
        const char p = pattern[++i];
        switch (p) {
        case 'n':
            out += nounOf();
            break;
        case 'N':
            capital(nounOf());
            break;
        case 'm':
            out += noun2Of();
            break;
        case 'M':
            capital(noun2Of());
            break;
        case 'v':
            out += verbOf();
            break;
        case 'V':
            capital(verbOf());
            break;
        case 'i':
            appendInt(out, m_rng.logUniform(2, 400));
            break;
        case 'h':
            out += hexString(7);
            break;
        case '%':
            out += '%';
            break;
        case 'p':
            out += m_session.project ? m_session.project->package : std::string("app");
            break;
        case 'f':
        case 't':
            if (m_session.project)
                out += pickFile(p == 't');
            else
                out += "src/main";
            break;
        case 'F': {
            const char* v = m_rng.pick(kVerbs);
            const char* n = m_rng.pick(kNouns);
            if (language == Python || language == Rust) {
                out += v;
                out += '_';
                out += n;
            } else {
                if (language == Go)
                    capital(v);
                else
                    out += v;
                capital(n);
            }
            break;
        }
        default:
            out += '%';
            out += p;
        }
    }
}

std::string CorpusWriter::fill(std::string_view pattern, Language language)
{
    std::string out;
    fillInto(out, pattern, language);
    return out;
}

void CorpusWriter::buildPools()
{
    // A few thousand lines of plausible code per language, laid out as imports, functions and
    // blank lines, so that a window of it reads like a real file. Tool results take windows.
    std::string raw;
    for (int l = 0; l < LanguageCount; ++l) {
        const auto language = static_cast<Language>(l);
        const LanguageSpec& spec = languageSpecs()[static_cast<std::size_t>(l)];
        auto& pool = m_code[static_cast<std::size_t>(l)];
        pool.reserve(6000);
        auto add = [&](const char* pattern) {
            raw.clear();
            fillInto(raw, pattern, language);
            // Multi-line templates (decorators) become separate lines.
            std::size_t start = 0;
            while (true) {
                const std::size_t nl = raw.find('\n', start);
                std::string escaped;
                JsonText::appendEscaped(
                    escaped, std::string_view(raw).substr(start, nl == std::string::npos ? nl : nl - start));
                pool.push_back(std::move(escaped));
                if (nl == std::string::npos)
                    break;
                start = nl + 1;
            }
        };
        while (pool.size() < 6000) {
            if (m_rng.chance(200)) {
                const int imports = static_cast<int>(m_rng.between(2, 6));
                for (int i = 0; i < imports; ++i)
                    add(m_rng.pick(spec.imports));
                add("");
            }
            add(m_rng.pick(spec.openers));
            const int body = static_cast<int>(m_rng.between(3, 16));
            for (int i = 0; i < body; ++i)
                add(m_rng.pick(spec.bodies));
            add(m_rng.pick(spec.closers));
            add("");
        }
        auto& outputs = m_outputs[static_cast<std::size_t>(l)];
        outputs.reserve(2000);
        while (outputs.size() < 2000) {
            raw.clear();
            fillInto(raw, m_rng.pick(spec.outputs), language);
            std::string escaped;
            JsonText::appendEscaped(escaped, raw);
            outputs.push_back(std::move(escaped));
        }
    }
}

void CorpusWriter::buildProjects()
{
    std::vector<int> order(std::size(kProjectSeeds));
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    for (std::size_t i = order.size() - 1; i > 0; --i)
        std::swap(order[i], order[m_rng.below(i + 1)]);
    const int count = static_cast<int>(m_rng.between(8, 15));
    for (int k = 0; k < count; ++k) {
        const ProjectSeed& seed = kProjectSeeds[order[static_cast<std::size_t>(k)]];
        Project p;
        p.cwd = std::string("/home/demo/src/") + seed.path;
        const std::string_view path(seed.path);
        p.name
            = std::string(path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1));
        p.package = p.name;
        std::replace(p.package.begin(), p.package.end(), '-', '_');
        p.language = seed.language;
        // The munged directory name: every non-alphanumeric character becomes '-' (formats.md §2.1).
        std::string munged = p.cwd;
        for (char& c : munged) {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
                c = '-';
        }
        p.dir = m_root + '/' + munged;
        m_projects.push_back(std::move(p));
        m_projectWeights.push_back(1000 / (k + 2));
    }
    // File names are filled per project; m_session.project steers %p.
    for (Project& p : m_projects) {
        m_session.project = &p;
        const LanguageSpec& spec = languageSpecs()[p.language];
        const int sources = static_cast<int>(m_rng.between(18, 40));
        for (int i = 0; i < sources; ++i)
            p.sources.push_back(fill(m_rng.pick(spec.sourcePaths), p.language));
        const int tests = static_cast<int>(m_rng.between(6, 14));
        for (int i = 0; i < tests; ++i)
            p.tests.push_back(fill(m_rng.pick(spec.testPaths), p.language));
        for (const char* other : spec.otherPaths)
            p.others.emplace_back(other);
    }
    m_session.project = nullptr;
}

std::vector<SessionPlan> CorpusWriter::buildSchedule()
{
    const int days = m_options.days;
    // Enough sessions for several a day, each big enough to hold sub-agents and tool output.
    const i64 perSession = std::clamp<i64>(m_target / (i64(days) * 4), 60'000, 1'500'000);
    const int count = static_cast<int>(std::max<i64>(1, m_target / perSession));
    const i64 firstDay = floorDiv(m_endMs, kDay) * kDay - i64(days) * kDay;

    std::vector<int> dayWeights;
    int weightSum = 0;
    for (int d = 0; d < days; ++d) {
        const int wd = weekday(firstDay + d * kDay);
        const int w = (wd == 0) ? 2 : (wd == 6) ? 3 : 10;
        dayWeights.push_back(w);
        weightSum += w;
    }
    int projectWeightSum = 0;
    for (int w : m_projectWeights)
        projectWeightSum += w;

    std::vector<SessionPlan> plans;
    plans.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        SessionPlan plan;
        int r = static_cast<int>(m_rng.below(static_cast<u64>(weightSum)));
        int d = 0;
        while (r >= dayWeights[static_cast<std::size_t>(d)])
            r -= dayWeights[static_cast<std::size_t>(d++)];
        plan.dayIndex = d;
        const i64 dayStart = firstDay + d * kDay;
        const bool weekend = dayWeights[static_cast<std::size_t>(d)] < 10;
        i64 minute = 0;
        switch (weekend ? 3 : m_rng.weighted({ 45, 45, 10 })) {
        case 0:
            minute = m_rng.between(8 * 60 + 20, 12 * 60 + 20);
            break;
        case 1:
            minute = m_rng.between(13 * 60 + 15, 18 * 60 + 30);
            break;
        case 2:
            minute = m_rng.between(19 * 60, 20 * 60 + 15);
            break;
        default:
            minute = m_rng.between(10 * 60, 20 * 60);
        }
        plan.startMs = dayStart + minute * kMinute + static_cast<i64>(m_rng.below(kMinute));
        int pr = static_cast<int>(m_rng.below(static_cast<u64>(projectWeightSum)));
        int p = 0;
        while (pr >= m_projectWeights[static_cast<std::size_t>(p)])
            pr -= m_projectWeights[static_cast<std::size_t>(p++)];
        plan.project = p;
        plans.push_back(plan);
    }
    std::stable_sort(plans.begin(), plans.end(),
        [](const SessionPlan& a, const SessionPlan& b) { return a.startMs < b.startMs; });
    // Eras in shuffled blocks of 20 (3 inline, 5 flat, 12 nested) so that even a small corpus has
    // every layout; the first session of each era is forced to spawn a sub-agent.
    bool seen[4] = { false, false, false, false };
    for (std::size_t block = 0; block < plans.size(); block += 20) {
        std::array<int, 20> eras {};
        for (int k = 0; k < 20; ++k)
            eras[static_cast<std::size_t>(k)] = k < 3 ? 1 : k < 8 ? 2 : 3;
        for (std::size_t k = 19; k > 0; --k)
            std::swap(eras[k], eras[m_rng.below(k + 1)]);
        for (std::size_t k = 0; k < 20 && block + k < plans.size(); ++k) {
            SessionPlan& plan = plans[block + k];
            plan.era = eras[k];
            if (!seen[plan.era]) {
                seen[plan.era] = true;
                plan.force = true;
            }
        }
    }
    return plans;
}

// ---------------------------------------------------------------------------------------------
// Ids

void CorpusWriter::appendUuid(std::string& out)
{
    static const char hex[] = "0123456789abcdef";
    const u64 a = m_rng.next();
    const u64 b = m_rng.next();
    char buf[36];
    int pos = 0;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            buf[pos++] = '-';
        unsigned nibble = static_cast<unsigned>(((i < 16 ? a : b) >> ((i % 16) * 4)) & 15u);
        if (i == 12)
            nibble = 4; // version 4
        if (i == 16)
            nibble = 8 | (nibble & 3u); // RFC 4122 variant
        buf[pos++] = hex[nibble];
    }
    out.append(buf, 36);
}

std::string CorpusWriter::newUuid()
{
    std::string s;
    s.reserve(36);
    appendUuid(s);
    return s;
}

std::string CorpusWriter::base58Id(std::string_view prefix, int length)
{
    static const char alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    std::string s(prefix);
    u64 bits = m_rng.next();
    int left = 10;
    for (int i = 0; i < length; ++i) {
        if (left == 0) {
            bits = m_rng.next();
            left = 10;
        }
        s += alphabet[bits % 58];
        bits /= 58;
        --left;
    }
    return s;
}

std::string CorpusWriter::hexString(int length)
{
    static const char hex[] = "0123456789abcdef";
    std::string s;
    u64 bits = m_rng.next();
    for (int i = 0; i < length; ++i) {
        if (i % 16 == 15)
            bits = m_rng.next();
        s += hex[bits & 15u];
        bits >>= 4;
    }
    return s;
}

std::string CorpusWriter::newAgentId(int era)
{
    // Ids must be unique corpus-wide: an id names a file (agent-<id>.jsonl).
    while (true) {
        std::string id = era == 3 ? "a" + hexString(16) : hexString(8);
        if (m_agentIds.insert(id).second)
            return id;
    }
}

// ---------------------------------------------------------------------------------------------
// Files

std::unique_ptr<Sink> CorpusWriter::openSink(const std::string& path, bool jsonl)
{
    const QString qpath = QString::fromUtf8(path.data(), static_cast<qsizetype>(path.size()));
    const QString dir = qpath.left(qpath.lastIndexOf(QLatin1Char('/')));
    if (!QDir().mkpath(dir))
        throw std::runtime_error("cannot create directory " + dir.toStdString());
    auto sink = std::make_unique<Sink>();
    sink->path = path;
    sink->file = std::fopen(QFile::encodeName(qpath).constData(), "wb");
    if (!sink->file)
        throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
    ++m_summary.files;
    if (jsonl) {
        // Deterministic ~1 %: the first file and every 100th after it, without drawing from the
        // random stream, so that the flag changes nothing but the broken lines themselves.
        sink->injectBroken = m_options.injectMalformedLines && m_fileCounter % 100 == 0;
        ++m_fileCounter;
    }
    return sink;
}

void CorpusWriter::flush(Sink& sink)
{
    if (sink.buffer.empty())
        return;
    if (std::fwrite(sink.buffer.data(), 1, sink.buffer.size(), sink.file) != sink.buffer.size())
        throw std::runtime_error("cannot write " + sink.path + ": " + std::strerror(errno));
    sink.buffer.clear();
}

void CorpusWriter::closeSink(Sink& sink)
{
    flush(sink);
    std::FILE* file = std::exchange(sink.file, nullptr);
    if (file && std::fclose(file) != 0)
        throw std::runtime_error("cannot write " + sink.path + ": " + std::strerror(errno));
}

void CorpusWriter::writeRaw(Sink& sink, std::string_view data)
{
    sink.buffer.append(data);
    m_bytes += static_cast<i64>(data.size());
    if (sink.buffer.size() >= kFlushBytes)
        flush(sink);
}

void CorpusWriter::writeLine(Sink& sink, std::string_view line, bool carriesUsage)
{
    if (sink.injectBroken && !sink.brokenWritten && !carriesUsage && sink.lines >= 2) {
        // A line cut short, as an interrupted append leaves it. Never one with usage, so that
        // token totals stay comparable with other tools.
        sink.brokenWritten = true;
        const std::string_view half = line.substr(0, line.size() / 2);
        sink.buffer.append(half);
        sink.buffer += '\n';
        m_bytes += static_cast<i64>(half.size()) + 1;
        ++sink.lines;
        ++m_summary.lines;
    }
    sink.buffer.append(line);
    sink.buffer += '\n';
    m_bytes += static_cast<i64>(line.size()) + 1;
    ++sink.lines;
    ++m_summary.lines;
    if (sink.buffer.size() >= kFlushBytes)
        flush(sink);
}

// ---------------------------------------------------------------------------------------------
// Line building blocks

void CorpusWriter::beginLine(const Transcript& t, bool assistant)
{
    std::string& l = m_line;
    l.clear();
    l += "{\"parentUuid\":";
    if (t.lastUuid.empty()) {
        l += "null";
    } else {
        l += '"';
        l += t.lastUuid;
        l += '"';
    }
    l += ",\"isSidechain\":";
    if (t.sidechain) {
        l += "true,\"agentId\":\"";
        l += t.agentId;
        l += '"';
        if (assistant) {
            l += ",\"attributionAgent\":\"";
            l += t.agentType;
            l += '"';
        }
    } else {
        l += "false";
    }
    l += ',';
    l += m_session.envelope;
}

void CorpusWriter::endLine(std::string_view uuid, i64 ms)
{
    m_line += "\"uuid\":\"";
    m_line += uuid;
    m_line += "\",\"timestamp\":\"";
    appendTimestamp(m_line, ms);
    m_line += '"';
}

// Time passes; late in a session (past its deadline) pauses shrink so that activity stays inside
// the requested span.
i64 CorpusWriter::wait(Transcript& t, i64 ms)
{
    ms = ms * m_session.timeScale / 100;
    if (t.sink->now > m_session.deadline)
        ms = 1 + ms / 20;
    // Hard stop: nothing may be stamped at or after `end`.
    if (t.sink->now > m_endMs - 10 * kMinute)
        ms = 1;
    return t.sink->advance(ms);
}

Usage CorpusWriter::nextUsage(Transcript& t, i64 output)
{
    Usage u;
    const i64 now = t.sink->now;
    const i64 ttl = t.ttlMode == 1 ? kHour : 5 * kMinute;
    const bool miss = t.forceMiss || (t.lastRequestMs > 0 && now - t.lastRequestMs > ttl);
    if (miss) {
        u.cacheRead = std::min(t.sharedPrefix, t.context);
        u.cacheCreation = t.context - u.cacheRead + t.pending;
    } else {
        u.cacheRead = t.context;
        u.cacheCreation = t.pending;
    }
    u.input = m_rng.chance(900) ? m_rng.between(1, 9) : m_rng.between(10, 600);
    switch (t.ttlMode) {
    case 1:
        u.creation1h = u.cacheCreation;
        break;
    case 2:
        u.creation1h = u.cacheCreation * m_rng.between(20, 80) / 100;
        break;
    default:
        break;
    }
    u.creation5m = u.cacheCreation - u.creation1h;
    u.output = output;
    t.context = u.cacheRead + u.cacheCreation + u.input;
    t.pending = output;
    t.forceMiss = false;
    t.lastRequestMs = now;
    return u;
}

void CorpusWriter::appendUsage(std::string& out, const Usage& u, i64 output)
{
    out += "{\"input_tokens\":";
    appendInt(out, u.input);
    out += ",\"cache_creation_input_tokens\":";
    appendInt(out, u.cacheCreation);
    out += ",\"cache_read_input_tokens\":";
    appendInt(out, u.cacheRead);
    out += ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":";
    appendInt(out, u.creation5m);
    out += ",\"ephemeral_1h_input_tokens\":";
    appendInt(out, u.creation1h);
    out += "},\"output_tokens\":";
    appendInt(out, output);
    out += ",\"service_tier\":\"standard\"}";
}

// ---------------------------------------------------------------------------------------------
// Text

void CorpusWriter::appendCodeLines(std::string& out, Language language, int start, int count, bool numbered,
    int firstNumber, std::string_view separator)
{
    const auto& pool = m_code[static_cast<std::size_t>(language)];
    for (int i = 0; i < count; ++i) {
        if (numbered) {
            // `cat -n` layout: the number right-aligned in six columns, then a tab.
            char buf[16];
            const auto r = std::to_chars(buf, buf + sizeof buf, firstNumber + i);
            const auto digits = static_cast<std::size_t>(r.ptr - buf);
            if (digits < 6)
                out.append(6 - digits, ' ');
            out.append(buf, digits);
            out += "\\t";
        }
        out += pool[(static_cast<std::size_t>(start) + static_cast<std::size_t>(i)) % pool.size()];
        if (numbered || i + 1 < count)
            out += separator;
    }
}

void CorpusWriter::appendProse(
    std::string& out, const std::vector<const char*>& pool, int sentences, std::string_view separator)
{
    const Language language = m_session.project ? m_session.project->language : Python;
    for (int i = 0; i < sentences; ++i) {
        if (i > 0)
            out += separator;
        m_scratch.clear();
        fillInto(m_scratch, m_rng.pick(pool), language);
        out += m_scratch;
    }
}

std::string CorpusWriter::absolutePath(const std::string& relative) const
{
    return m_session.project->cwd + '/' + relative;
}

const std::string& CorpusWriter::pickFile(bool test)
{
    const Project& p = *m_session.project;
    if (test)
        return m_rng.pick(p.tests);
    if (m_rng.chance(60))
        return m_rng.pick(p.others);
    return m_rng.pick(p.sources);
}

// ---------------------------------------------------------------------------------------------
// Conversation

void CorpusWriter::writeUserText(Transcript& t, std::string_view text, bool prompt, const std::string& uuid)
{
    const i64 ms = wait(t, prompt ? m_rng.between(200, 2000) : m_rng.between(300, 1500));
    beginLine(t, false);
    m_line += "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":";
    appendQuoted(m_line, text);
    m_line += "},";
    endLine(uuid, ms);
    if (prompt) {
        m_line += ",\"promptId\":\"";
        appendUuid(m_line);
        m_line += "\",\"promptSource\":\"typed\",\"permissionMode\":\"";
        m_line += m_session.permissionMode;
        m_line += "\",\"entrypoint\":\"cli\"";
    }
    m_line += '}';
    writeLine(*t.sink, m_line, false);
    t.lastUuid = uuid;
    t.pending += textTokens(static_cast<i64>(text.size()));
}

void CorpusWriter::writeTurnDuration(Transcript& t, i64 durationMs)
{
    const i64 ms = wait(t, m_rng.between(5, 60));
    const std::string uuid = newUuid();
    beginLine(t, false);
    m_line += "\"type\":\"system\",\"subtype\":\"turn_duration\",\"durationMs\":";
    appendInt(m_line, durationMs);
    m_line += ",\"isMeta\":false,";
    endLine(uuid, ms);
    m_line += '}';
    writeLine(*t.sink, m_line, false);
    t.lastUuid = uuid;
}

void CorpusWriter::writeSnapshot(Transcript& t, const std::string& messageId)
{
    const i64 ms = wait(t, m_rng.between(2, 30));
    m_line.clear();
    m_line += "{\"type\":\"file-history-snapshot\",\"messageId\":\"";
    m_line += messageId;
    m_line += "\",\"snapshot\":{\"messageId\":\"";
    m_line += messageId;
    m_line += "\",\"trackedFileBackups\":{";
    bool first = true;
    for (const auto& [path, version] : m_session.edited) {
        if (!first)
            m_line += ',';
        first = false;
        m_line += '"';
        m_line += absolutePath(path);
        m_line += "\":{\"backupFileName\":\"";
        m_line += hexString(16);
        m_line += '@';
        m_line += 'v';
        appendInt(m_line, version);
        m_line += "\",\"version\":";
        appendInt(m_line, version);
        m_line += ",\"backupTime\":\"";
        appendTimestamp(m_line, ms - m_rng.between(1000, 600'000));
        m_line += "\"}";
    }
    m_line += "},\"timestamp\":\"";
    appendTimestamp(m_line, ms);
    m_line += "\"},\"isSnapshotUpdate\":false}";
    writeLine(*t.sink, m_line, false);
}

void CorpusWriter::writeApiError(Transcript& t)
{
    const i64 ms = wait(t, m_rng.between(500, 12'000));
    const std::string uuid = newUuid();
    const bool overloaded = m_rng.chance(700);
    beginLine(t, false);
    m_line += "\"type\":\"system\",\"subtype\":\"api_error\",\"level\":\"error\",\"error\":{\"status\":";
    m_line += overloaded ? "529" : "500";
    m_line += ",\"headers\":{},\"requestID\":\"";
    m_line += base58Id("req_011C", 20);
    m_line += "\",\"error\":{\"type\":\"error\",\"error\":{\"type\":\"";
    m_line += overloaded ? "overloaded_error\",\"message\":\"Overloaded\""
                         : "api_error\",\"message\":\"Internal server error\"";
    m_line += "}}},\"retryInMs\":";
    const i64 retry = m_rng.between(500, 9000);
    appendInt(m_line, retry);
    m_line += '.';
    appendDigits(m_line, m_rng.between(0, 9999), 4);
    m_line += ",\"retryAttempt\":";
    const i64 attempt = m_rng.between(1, 3);
    appendInt(m_line, attempt);
    m_line += ",\"maxRetries\":10,\"isMeta\":false,";
    endLine(uuid, ms);
    m_line += '}';
    writeLine(*t.sink, m_line, false);
    t.lastUuid = uuid;
    wait(t, retry);
    // Now and then the retries ran out: Claude Code gives up with an API error message (the demo's
    // conversation then goes on as if the user had asked again).
    if (m_apiErrors++ % 2 == 0)
        writeSynthetic(t, true);
}

void CorpusWriter::writeSynthetic(Transcript& t, bool apiError)
{
    // Locally generated, never billed: ccusage maps it to no model, we do not count it.
    const i64 ms = wait(t, m_rng.between(100, 3000));
    const std::string uuid = newUuid();
    // A quarter of them report a request that failed for good (formats.md §2.4: isApiErrorMessage and
    // error), chosen by the clock.
    apiError = apiError || ms % 4 == 0;
    beginLine(t, true);
    m_line += "\"message\":{\"model\":\"<synthetic>\",\"id\":\"";
    appendUuid(m_line);
    m_line += "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"";
    m_line += apiError ? "API Error: Rate limit reached" : "No response requested.";
    m_line += "\"}],\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\"\",\"usage\":{\"input_"
              "tokens\":0,"
              "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"cache_creation\":{"
              "\"ephemeral_5m_"
              "input_tokens\":0,\"ephemeral_1h_input_tokens\":0},\"output_tokens\":0,\"service_tier\":null}},"
              "\"type\":\"assistant\",";
    endLine(uuid, ms);
    m_line += apiError ? ",\"error\":\"rate_limit\",\"isApiErrorMessage\":true}"
                       : ",\"isApiErrorMessage\":false}";
    writeLine(*t.sink, m_line, true);
    t.lastUuid = uuid;
    ++m_summary.assistantLines;
}

// One API response: one line per content block, each repeating usage. About 30 % of the
// multi-block responses carry a partial output count (and no stop_reason) in the earlier copies.
void CorpusWriter::emitRequest(Transcript& t, const std::vector<std::string>& blocks,
    std::vector<ToolCall>* calls, i64 output, const char* stopReason)
{
    if (!t.sidechain && m_rng.chance(12))
        writeApiError(t);
    wait(t, m_rng.logUniform(1200, 20'000));
    const Usage usage = nextUsage(t, output);
    const std::string messageId = base58Id("msg_01", 22);
    const std::string requestId = base58Id("req_011C", 20);
    const bool partial = blocks.size() > 1 && m_rng.chance(300);
    std::size_t callIndex = 0;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        const bool last = b + 1 == blocks.size();
        const i64 ms = b == 0 ? t.sink->now : wait(t, m_rng.logUniform(60, 4000));
        const i64 out = (partial && !last) ? m_rng.between(1, std::max<i64>(1, output / 5)) : output;
        const std::string uuid = newUuid();
        beginLine(t, true);
        m_line += "\"message\":";
        const std::size_t messageStart = m_line.size();
        m_line += "{\"model\":\"";
        m_line += t.model;
        m_line += "\",\"id\":\"";
        m_line += messageId;
        m_line += "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[";
        m_line += blocks[b];
        m_line += "],\"stop_reason\":";
        if (partial && !last) {
            m_line += "null";
        } else {
            m_line += '"';
            m_line += stopReason;
            m_line += '"';
        }
        m_line += ",\"stop_sequence\":null,\"usage\":";
        appendUsage(m_line, usage, out);
        m_line += '}';
        const std::size_t messageEnd = m_line.size();
        m_line += ",\"requestId\":\"";
        m_line += requestId;
        m_line += "\",\"type\":\"assistant\",";
        endLine(uuid, ms);
        m_line += '}';
        writeLine(*t.sink, m_line, true);
        ++m_summary.assistantLines;
        if (calls && blocks[b].compare(0, 17, "{\"type\":\"tool_use") == 0 && callIndex < calls->size())
            (*calls)[callIndex++].lineUuid = uuid;
        if (last) {
            const std::string_view message(m_line.data() + messageStart, messageEnd - messageStart);
            if (t.progress && t.progress->size() < 3)
                t.progress->push_back({ std::string(message), requestId, uuid, ms });
            if (!t.sidechain) {
                if (m_session.recent.size() >= 4)
                    m_session.recent.erase(m_session.recent.begin());
                m_session.recent.push_back({ std::string(message), ms });
            }
        }
        t.lastUuid = uuid;
    }
    ++m_summary.usageRequests;
    t.lastUsage = usage;
    t.lastUsage.output = output;
}

void CorpusWriter::buildToolUse(std::string& out, const ToolCall& call)
{
    const Language language = m_session.project->language;
    out += "{\"type\":\"tool_use\",\"id\":\"";
    out += call.id;
    out += "\",\"name\":\"";
    out += kToolNames[call.tool];
    out += "\",\"input\":{";
    switch (call.tool) {
    case ToolRead:
        out += "\"file_path\":";
        appendQuoted(out, absolutePath(call.path));
        if (call.arg2 == "range") {
            out += ",\"offset\":";
            appendInt(out, call.poolStart % 400 + 1);
            out += ",\"limit\":";
            appendInt(out, call.count);
        }
        break;
    case ToolBash:
        out += "\"command\":";
        appendQuoted(out, call.arg);
        out += ",\"description\":";
        appendQuoted(out, call.arg2);
        break;
    case ToolEdit: {
        out += "\"file_path\":";
        appendQuoted(out, absolutePath(call.path));
        out += ",\"old_string\":\"";
        appendCodeLines(out, language, call.poolStart, call.count, false, 1, "\\n");
        out += "\",\"new_string\":\"";
        appendCodeLines(out, language, call.poolStart, call.count, false, 1, "\\n");
        out += "\\n";
        appendCodeLines(out, language, call.poolStart + 977, 1 + call.count / 2, false, 1, "\\n");
        out += '"';
        if (call.arg2 == "all")
            out += ",\"replace_all\":false";
        break;
    }
    case ToolWrite:
        out += "\"file_path\":";
        appendQuoted(out, absolutePath(call.path));
        out += ",\"content\":\"";
        appendCodeLines(out, language, call.poolStart, call.count, false, 1, "\\n");
        out += "\\n\"";
        break;
    case ToolGrep:
        out += "\"pattern\":";
        appendQuoted(out, call.arg);
        if (call.arg2 == "content") {
            out += ",\"path\":";
            appendQuoted(out, m_session.project->cwd);
            out += ",\"output_mode\":\"content\",\"-n\":true";
        } else {
            out += ",\"glob\":\"*.";
            out += languageSpecs()[language].extension;
            out += "\",\"output_mode\":\"files_with_matches\"";
        }
        break;
    case ToolGlob:
        out += "\"pattern\":";
        appendQuoted(out, call.arg);
        break;
    case ToolTask:
        out += "\"description\":";
        appendQuoted(out, call.arg2);
        out += ",\"prompt\":";
        appendQuoted(out, call.prompt);
        out += ",\"subagent_type\":";
        appendQuoted(out, call.agentType);
        break;
    }
    out += "}}";
}

void CorpusWriter::planCalls(const ExchangeOptions& options, bool forceTask, std::vector<ToolCall>& calls)
{
    calls.clear();
    const Project& p = *m_session.project;
    const Language language = p.language;
    const LanguageSpec& spec = languageSpecs()[language];
    const int n = m_rng.chance(760) ? 1 : m_rng.chance(700) ? 2 : 3;
    const bool task = options.allowTask
        && (forceTask || (sessionRoom() > 25'000 && m_rng.chance(options.subAgent ? 150 : 45)));
    for (int i = 0; i < n; ++i) {
        ToolCall call;
        call.id = base58Id("toolu_01", 22);
        if (task && i == 0) {
            call.tool = ToolTask;
        } else if (options.subAgent) {
            static const Tool subTools[] = { ToolRead, ToolGrep, ToolGlob, ToolBash };
            call.tool = subTools[m_rng.weighted({ 40, 25, 15, 20 })];
        } else {
            static const Tool mainTools[] = { ToolRead, ToolBash, ToolEdit, ToolGrep, ToolGlob, ToolWrite };
            call.tool = mainTools[m_rng.weighted({ 30, 22, 16, 12, 6, 5 })];
        }
        call.poolStart = static_cast<int>(m_rng.below(m_code[language].size()));
        switch (call.tool) {
        case ToolRead:
            call.path = pickFile(m_rng.chance(250));
            call.count
                = static_cast<int>(m_rng.chance(50) ? m_rng.logUniform(256, 560) : m_rng.logUniform(4, 256));
            if (m_rng.chance(150))
                call.arg2 = "range";
            break;
        case ToolBash: {
            // "command|description", filled together so that both name the same noun.
            const std::string both = fill(m_rng.pick(spec.commands), language);
            const std::size_t bar = both.find('|');
            call.arg = both.substr(0, bar);
            call.arg2 = both.substr(bar + 1);
        }
            call.count = static_cast<int>(m_rng.logUniform(1, 120));
            break;
        case ToolEdit:
            call.path = m_rng.chance(200) ? m_rng.pick(p.tests) : m_rng.pick(p.sources);
            call.count = static_cast<int>(m_rng.between(1, 8));
            if (m_rng.chance(200))
                call.arg2 = "all";
            break;
        case ToolWrite:
            call.path = m_rng.chance(500) ? m_rng.pick(p.tests) : m_rng.pick(p.sources);
            call.count = static_cast<int>(m_rng.logUniform(10, 200));
            break;
        case ToolGrep:
            call.arg = fill(m_rng.pick(spec.grepPatterns), language);
            call.arg2 = m_rng.chance(600) ? "content" : "files";
            call.count = static_cast<int>(m_rng.logUniform(1, 60));
            break;
        case ToolGlob:
            call.arg = m_rng.chance(500) ? std::string("**/*.") + spec.extension
                                         : fill(std::string("src/**/*%n*.") + spec.extension, language);
            call.count = static_cast<int>(m_rng.logUniform(1, 60));
            break;
        case ToolTask:
            call.agentType = m_rng.pick(kAgentTypes);
            call.arg2 = fill(m_rng.pick(kTaskDescriptions), language);
            call.prompt = fill(m_rng.pick(kTaskPrompts), language);
            if (m_rng.chance(500)) {
                call.prompt += "\n\nContext: ";
                appendProse(call.prompt, kThoughts, static_cast<int>(m_rng.between(2, 6)), " ");
            }
            break;
        }
        // Near the end of the corpus the outputs shrink, so that the total lands on the target.
        if (room() < i64(call.count) * 800)
            call.count = static_cast<int>(std::max<i64>(1, room() / 800));
        calls.push_back(std::move(call));
    }
}

void CorpusWriter::emitToolResult(Transcript& t, const ToolCall& call, bool isError)
{
    const std::string uuid = newUuid();
    const i64 ms = t.sink->now;
    beginLine(t, false);
    m_line += "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"";
    m_line += call.id;
    m_line += "\",\"type\":\"tool_result\",\"content\":";
    m_line += m_content;
    m_line += ",\"is_error\":";
    m_line += isError ? "true" : "false";
    m_line += "}]},";
    endLine(uuid, ms);
    m_line += ",\"toolUseResult\":";
    m_line += m_result;
    m_line += ",\"sourceToolAssistantUUID\":\"";
    m_line += call.lineUuid;
    m_line += "\"}";
    writeLine(*t.sink, m_line, false);
    t.lastUuid = uuid;
    t.pending += textTokens(static_cast<i64>(m_content.size()));
    ++t.toolUses;
}

void CorpusWriter::executeCall(Transcript& t, ToolCall& call, const ExchangeOptions& options)
{
    const Language language = m_session.project->language;
    const auto& outputs = m_outputs[static_cast<std::size_t>(language)];
    m_content.clear();
    m_result.clear();
    const bool isError = call.tool != ToolTask && m_rng.chance(30);
    i64 delay = 0;

    if (call.tool == ToolTask) {
        const SubAgentResult r = runSubAgent(t, call, options);
        m_content.clear();
        m_result.clear();
        m_content += "[{\"type\":\"text\",\"text\":";
        appendQuoted(m_content, r.summary);
        m_content += "},{\"type\":\"text\",\"text\":\"agentId: ";
        m_content += r.agentId;
        m_content += " (for resuming to continue this agent's work if needed)\"}]";
        m_result += "{\"status\":\"completed\",\"prompt\":";
        appendQuoted(m_result, call.prompt);
        m_result += ",\"agentId\":\"";
        m_result += r.agentId;
        m_result += "\",\"resolvedModel\":\"";
        m_result += r.model;
        m_result += "\",\"content\":[{\"type\":\"text\",\"text\":";
        appendQuoted(m_result, r.summary);
        m_result += "}],\"totalDurationMs\":";
        appendInt(m_result, r.durationMs);
        // As in real logs these describe the sub-agent's last request, not its total.
        m_result += ",\"totalTokens\":";
        appendInt(m_result, r.lastUsage.total());
        m_result += ",\"totalToolUseCount\":";
        appendInt(m_result, r.toolUses);
        m_result += ",\"usage\":";
        appendUsage(m_result, r.lastUsage, r.lastUsage.output);
        m_result += '}';
        wait(t, m_rng.between(100, 900));
        emitToolResult(t, call, false);
        return;
    }

    if (isError) {
        const char* message = "Error: File does not exist.";
        switch (call.tool) {
        case ToolEdit:
            message = "Error: String to replace not found in file.";
            break;
        case ToolBash:
            message = "Error: Exit code 1";
            break;
        case ToolGrep:
        case ToolGlob:
            message = "Error: Path does not exist";
            break;
        default:
            break;
        }
        m_content += "\"<tool_use_error>";
        m_content += message + 7;
        if (call.tool == ToolBash) {
            m_content += "\\n";
            for (int i = 0; i < std::min(call.count, 40); ++i) {
                m_content += m_rng.pick(outputs);
                m_content += "\\n";
            }
        }
        m_content += "</tool_use_error>\"";
        appendQuoted(m_result, message);
        wait(t, m_rng.between(30, 3000));
        emitToolResult(t, call, true);
        return;
    }

    switch (call.tool) {
    case ToolRead: {
        const int first = call.arg2 == "range" ? call.poolStart % 400 + 1 : 1;
        m_content += '"';
        appendCodeLines(m_content, language, call.poolStart, call.count, true, first, "\\n");
        m_content += '"';
        m_result += "{\"type\":\"text\",\"file\":{\"filePath\":";
        appendQuoted(m_result, absolutePath(call.path));
        m_result += ",\"content\":\"";
        appendCodeLines(m_result, language, call.poolStart, call.count, false, 1, "\\n");
        m_result += "\",\"numLines\":";
        appendInt(m_result, call.count);
        m_result += ",\"startLine\":";
        appendInt(m_result, first);
        m_result += ",\"totalLines\":";
        appendInt(m_result, first - 1 + call.count + (call.arg2 == "range" ? m_rng.between(0, 300) : 0));
        m_result += "}}";
        delay = m_rng.between(300, 1500);
        break;
    }
    case ToolBash: {
        const std::size_t start = m_rng.below(outputs.size());
        m_scratch.clear();
        for (int i = 0; i < call.count; ++i) {
            if (i > 0)
                m_scratch += "\\n";
            m_scratch += outputs[(start + static_cast<std::size_t>(i)) % outputs.size()];
        }
        m_content += '"';
        m_content += m_scratch;
        m_content += '"';
        m_result += "{\"stdout\":\"";
        m_result += m_scratch;
        m_result += "\",\"stderr\":\"\",\"interrupted\":false,\"isImage\":false}";
        delay = m_rng.logUniform(400, 45'000);
        break;
    }
    case ToolEdit: {
        const std::string path = absolutePath(call.path);
        const int fileLines
            = static_cast<int>(std::min<i64>(m_rng.logUniform(20, 300), std::max<i64>(5, room() / 150)));
        const int at = static_cast<int>(m_rng.between(1, fileLines));
        const int added = 1 + call.count / 2;
        m_content += "\"The file ";
        m_content += path;
        m_content
            += " has been updated. Here's the result of running `cat -n` on a snippet of the edited file:\\n";
        appendCodeLines(
            m_content, language, call.poolStart, call.count + added + 6, true, std::max(1, at - 3), "\\n");
        m_content += '"';
        m_result += "{\"filePath\":";
        appendQuoted(m_result, path);
        m_result += ",\"oldString\":\"";
        appendCodeLines(m_result, language, call.poolStart, call.count, false, 1, "\\n");
        m_result += "\",\"newString\":\"";
        appendCodeLines(m_result, language, call.poolStart, call.count, false, 1, "\\n");
        m_result += "\\n";
        appendCodeLines(m_result, language, call.poolStart + 977, added, false, 1, "\\n");
        m_result += "\",\"originalFile\":\"";
        appendCodeLines(m_result, language, call.poolStart - at + 6000, fileLines, false, 1, "\\n");
        m_result += "\",\"structuredPatch\":[{\"oldStart\":";
        appendInt(m_result, at);
        m_result += ",\"oldLines\":";
        appendInt(m_result, call.count);
        m_result += ",\"newStart\":";
        appendInt(m_result, at);
        m_result += ",\"newLines\":";
        appendInt(m_result, call.count + added);
        m_result += ",\"lines\":[";
        const auto& pool = m_code[static_cast<std::size_t>(language)];
        for (int i = 0; i < call.count; ++i) {
            m_result += i == 0 ? "\"-" : ",\"-";
            m_result += pool[(static_cast<std::size_t>(call.poolStart) + static_cast<std::size_t>(i))
                % pool.size()];
            m_result += '"';
        }
        for (int i = 0; i < call.count; ++i) {
            m_result += ",\"+";
            m_result += pool[(static_cast<std::size_t>(call.poolStart) + static_cast<std::size_t>(i))
                % pool.size()];
            m_result += '"';
        }
        for (int i = 0; i < added; ++i) {
            m_result += ",\"+";
            m_result += pool[(static_cast<std::size_t>(call.poolStart) + 977 + static_cast<std::size_t>(i))
                % pool.size()];
            m_result += '"';
        }
        m_result += "]}],\"userModified\":false,\"replaceAll\":false}";
        bool known = false;
        for (auto& [file, version] : m_session.edited) {
            if (file == call.path) {
                ++version;
                known = true;
            }
        }
        if (!known && m_session.edited.size() < 8)
            m_session.edited.emplace_back(call.path, 1);
        delay = m_rng.between(300, 2500);
        break;
    }
    case ToolWrite: {
        const std::string path = absolutePath(call.path);
        m_content += "\"File created successfully at: ";
        m_content += path;
        m_content += '"';
        m_result += "{\"type\":\"create\",\"filePath\":";
        appendQuoted(m_result, path);
        m_result += ",\"content\":\"";
        appendCodeLines(m_result, language, call.poolStart, call.count, false, 1, "\\n");
        m_result += "\\n\",\"structuredPatch\":[],\"originalFile\":null}";
        delay = m_rng.between(300, 2000);
        break;
    }
    case ToolGrep: {
        const Project& p = *m_session.project;
        m_scratch.clear();
        if (call.arg2 == "content") {
            for (int i = 0; i < call.count; ++i) {
                if (i > 0)
                    m_scratch += "\\n";
                m_scratch += m_rng.pick(p.sources);
                m_scratch += ':';
                appendInt(m_scratch, m_rng.between(1, 600));
                m_scratch += ':';
                m_scratch += m_rng.pick(m_code[static_cast<std::size_t>(language)]);
            }
        } else {
            m_scratch += "Found ";
            appendInt(m_scratch, std::min(call.count, 25));
            m_scratch += " files";
            for (int i = 0; i < std::min(call.count, 25); ++i) {
                m_scratch += "\\n";
                m_scratch += absolutePath(m_rng.pick(p.sources));
            }
        }
        m_content += '"';
        m_content += m_scratch;
        m_content += '"';
        m_result += "{\"mode\":\"";
        m_result += call.arg2 == "content" ? "content" : "files_with_matches";
        m_result += "\",\"numFiles\":";
        appendInt(m_result, call.arg2 == "content" ? m_rng.between(1, 12) : std::min(call.count, 25));
        m_result += ",\"filenames\":[],\"content\":\"";
        m_result += m_scratch;
        m_result += "\",\"numLines\":";
        appendInt(m_result, call.count);
        m_result += '}';
        delay = m_rng.between(300, 2500);
        break;
    }
    case ToolGlob: {
        const Project& p = *m_session.project;
        m_scratch.clear();
        std::string files;
        for (int i = 0; i < call.count; ++i) {
            const std::string path = absolutePath(i % 3 == 2 ? m_rng.pick(p.tests) : m_rng.pick(p.sources));
            if (i > 0) {
                m_scratch += "\\n";
                files += ',';
            }
            m_scratch += path;
            appendQuoted(files, path);
        }
        m_content += '"';
        m_content += m_scratch;
        m_content += '"';
        m_result += "{\"filenames\":[";
        m_result += files;
        m_result += "],\"durationMs\":";
        appendInt(m_result, m_rng.between(3, 400));
        m_result += ",\"numFiles\":";
        appendInt(m_result, call.count);
        m_result += ",\"truncated\":false}";
        delay = m_rng.between(300, 1500);
        break;
    }
    case ToolTask:
        break;
    }
    wait(t, delay);
    emitToolResult(t, call, false);
}

void CorpusWriter::emitFinal(Transcript& t, const ExchangeOptions& options)
{
    std::vector<std::string> blocks;
    i64 output = m_rng.between(5, 60);
    const bool haiku = t.model == kHaiku;
    if (!haiku && m_rng.chance(280)) {
        std::string block = "{\"type\":\"thinking\",\"thinking\":\"";
        const std::size_t before = block.size();
        appendProse(block, kThoughts, static_cast<int>(m_rng.between(2, 9)), " ");
        output += textTokens(static_cast<i64>(block.size() - before));
        block += "\",\"signature\":\"";
        block += base58Id("Eu", static_cast<int>(m_rng.between(200, 1200)));
        block += "\"}";
        blocks.push_back(std::move(block));
    }
    std::string text;
    if (options.subAgent) {
        text += "Found ";
        appendInt(text, m_rng.between(2, 12));
        text += " relevant places:\n\n";
        const int items = static_cast<int>(m_rng.between(2, 8));
        for (int i = 0; i < items; ++i) {
            appendInt(text, i + 1);
            text += ". `";
            text += m_rng.pick(m_session.project->sources);
            text += ':';
            appendInt(text, m_rng.between(1, 500));
            text += "` — ";
            appendProse(text, kThoughts, 1, " ");
            text += '\n';
        }
        text += '\n';
        appendProse(text, kThoughts, static_cast<int>(m_rng.between(1, 3)), " ");
    } else if (m_rng.chance(400)) {
        appendProse(text, kLeadTexts, 1, " ");
    } else {
        text += "Done. Summary of the changes:\n\n";
        appendProse(text, kSummaryBullets, static_cast<int>(m_rng.between(2, 6)), "\n");
        text += "\n\n";
        appendProse(text, kThoughts, static_cast<int>(m_rng.between(1, 3)), " ");
    }
    output += textTokens(static_cast<i64>(text.size()));
    std::string block = "{\"type\":\"text\",\"text\":";
    appendQuoted(block, text);
    block += '}';
    blocks.push_back(std::move(block));
    emitRequest(t, blocks, nullptr, output, "end_turn");
    t.lastText = std::move(text);
}

void CorpusWriter::runExchange(Transcript& t, int requests, const ExchangeOptions& options)
{
    std::vector<ToolCall> calls;
    std::vector<std::string> blocks;
    bool forceTask = options.forceTask;
    for (int r = 0; r < requests; ++r) {
        if (r + 1 == requests || (overTarget() && !forceTask)) {
            emitFinal(t, options);
            return;
        }
        planCalls(options, forceTask, calls);
        blocks.clear();
        i64 output = m_rng.between(20, 180);
        const bool haiku = t.model == kHaiku;
        if (!haiku && m_rng.chance(150)) {
            std::string block = "{\"type\":\"thinking\",\"thinking\":\"";
            const std::size_t before = block.size();
            appendProse(block, kThoughts, static_cast<int>(m_rng.between(1, 8)), " ");
            output += textTokens(static_cast<i64>(block.size() - before));
            block += "\",\"signature\":\"";
            block += base58Id("Eu", static_cast<int>(m_rng.between(200, 1200)));
            block += "\"}";
            blocks.push_back(std::move(block));
        }
        if (m_rng.chance(250)) {
            std::string block = "{\"type\":\"text\",\"text\":\"";
            const std::size_t before = block.size();
            appendProse(block, kLeadTexts, 1, " ");
            output += textTokens(static_cast<i64>(block.size() - before));
            block += "\"}";
            blocks.push_back(std::move(block));
        }
        for (const ToolCall& call : calls) {
            std::string block;
            buildToolUse(block, call);
            output += textTokens(static_cast<i64>(block.size()));
            blocks.push_back(std::move(block));
        }
        emitRequest(t, blocks, &calls, output, "tool_use");
        ExchangeOptions callOptions = options;
        callOptions.forceNested = forceTask && options.forceNested;
        callOptions.forceProgress = forceTask && options.forceProgress;
        for (ToolCall& call : calls)
            executeCall(t, call, callOptions);
        forceTask = false;
    }
}

void CorpusWriter::journalEvent(
    bool started, const std::string& agentId, const ToolCall& call, int depth, i64 ms, i64 durationMs)
{
    if (!m_session.journalEnabled)
        return;
    if (!m_session.journal)
        m_session.journal = openSink(m_session.dir + "/subagents/journal.jsonl", true);
    Sink& j = *m_session.journal;
    m_line.clear();
    m_line += started ? "{\"type\":\"agent_started\",\"agentId\":\""
                      : "{\"type\":\"agent_completed\",\"agentId\":\"";
    m_line += agentId;
    if (started) {
        m_line += "\",\"agentType\":\"";
        m_line += call.agentType;
        m_line += "\",\"toolUseId\":\"";
        m_line += call.id;
        m_line += "\",\"spawnDepth\":";
        appendInt(m_line, depth);
    } else {
        m_line += "\",\"status\":\"completed\",\"durationMs\":";
        appendInt(m_line, durationMs);
    }
    m_line += ",\"timestamp\":\"";
    appendTimestamp(m_line, j.at(ms));
    m_line += "\"}";
    writeLine(j, m_line, false);
}

void CorpusWriter::emitProgress(
    Transcript& parent, const ToolCall& call, const std::string& agentId, const ProgressCopy& copy)
{
    const i64 ms = parent.sink->at(copy.ms + m_rng.between(2, 40));
    const std::string uuid = newUuid();
    beginLine(parent, false);
    m_line += "\"type\":\"progress\",\"data\":{\"message\":{\"type\":\"assistant\",\"message\":";
    m_line += copy.message;
    m_line += ",\"requestId\":\"";
    m_line += copy.requestId;
    m_line += "\",\"uuid\":\"";
    m_line += copy.uuid;
    m_line += "\",\"timestamp\":\"";
    appendTimestamp(m_line, copy.ms);
    m_line += "\"},\"normalizedMessages\":[],\"type\":\"agent_progress\",\"prompt\":\"\",\"agentId\":\"";
    m_line += agentId;
    m_line += "\"},\"toolUseID\":\"agent_";
    m_line += base58Id("msg_01", 22);
    m_line += "\",\"parentToolUseID\":\"";
    m_line += call.id;
    m_line += "\",";
    endLine(uuid, ms);
    m_line += '}';
    // Carries a nested usage object, but is a copy: not a request of its own.
    writeLine(*parent.sink, m_line, true);
}

SubAgentResult CorpusWriter::runSubAgent(
    Transcript& parent, const ToolCall& call, const ExchangeOptions& parentOptions)
{
    const int era = parent.depth == 0 ? parent.era : 3;
    const int depth = parent.depth + 1;
    SubAgentResult result;
    result.agentId = newAgentId(era);

    std::unique_ptr<Sink> own;
    const Project& p = *m_session.project;
    if (era == 2) {
        own = openSink(p.dir + "/agent-" + result.agentId + ".jsonl", true);
    } else if (era == 3) {
        const std::string base = m_session.dir + "/subagents/agent-" + result.agentId;
        own = openSink(base + ".jsonl", true);
        auto meta = openSink(base + ".meta.json", false);
        m_line.clear();
        m_line += "{\"agentType\":";
        appendQuoted(m_line, call.agentType);
        m_line += ",\"description\":";
        appendQuoted(m_line, call.arg2);
        m_line += ",\"toolUseId\":\"";
        m_line += call.id;
        m_line += "\",\"spawnDepth\":";
        appendInt(m_line, depth);
        m_line += '}';
        writeRaw(*meta, m_line);
        closeSink(*meta);
    }
    if (own) {
        ++m_summary.subagentFiles;
        own->now = parent.sink->now;
    }

    Transcript sub;
    sub.sink = own ? own.get() : parent.sink;
    sub.sidechain = true;
    sub.agentId = result.agentId;
    sub.agentType = call.agentType;
    sub.model = m_rng.chance(750) ? std::string(kHaiku) : parent.model;
    sub.depth = depth;
    sub.era = era;
    sub.ttlMode = parent.ttlMode;
    sub.context = m_rng.between(6000, 14'000);
    sub.sharedPrefix = m_rng.chance(500) ? sub.context - m_rng.between(500, 3000) : 0;
    std::vector<ProgressCopy> copies;
    if (era == 3 && depth == 1 && (parentOptions.forceProgress || m_rng.chance(350)))
        sub.progress = &copies;

    const i64 start = sub.sink->now;
    journalEvent(true, result.agentId, call, depth, start, 0);
    wait(sub, m_rng.between(200, 1500));
    writeUserText(sub, call.prompt, false, newUuid());

    ExchangeOptions options;
    options.subAgent = true;
    options.allowTask = era == 3 && depth == 1 && (parentOptions.forceNested || m_rng.chance(80));
    options.forceTask = era == 3 && depth == 1 && parentOptions.forceNested;
    const int minimum = options.forceTask ? 3 : 2;
    const int requests
        = static_cast<int>(std::clamp<i64>(sessionRoom() / 8000, minimum, m_rng.between(minimum, 10)));
    runExchange(sub, requests, options);

    result.summary = sub.lastText;
    result.model = sub.model;
    result.durationMs = sub.sink->now - start;
    result.toolUses = sub.toolUses;
    result.lastUsage = sub.lastUsage;
    journalEvent(false, result.agentId, call, depth, sub.sink->now, result.durationMs);
    if (own) {
        closeSink(*own);
        for (const ProgressCopy& copy : copies)
            emitProgress(parent, call, result.agentId, copy);
        parent.sink->now = std::max(parent.sink->now, own->now);
    }
    return result;
}

void CorpusWriter::compact(Transcript& t)
{
    const i64 preTokens = t.context + t.pending;
    std::string summary;
    appendProse(summary, kSummaryBullets, static_cast<int>(m_rng.between(6, 14)), "\n");
    summary += "\n\n";
    appendProse(summary, kThoughts, static_cast<int>(m_rng.between(8, 24)), " ");

    if (t.era == 3) {
        // Current versions run compaction as an internal agent with its own transcript.
        const std::string id = "acompact-" + hexString(16);
        auto sink = openSink(m_session.dir + "/subagents/agent-" + id + ".jsonl", true);
        ++m_summary.subagentFiles;
        sink->now = t.sink->now;
        Transcript agent;
        agent.sink = sink.get();
        agent.sidechain = true;
        agent.agentId = id;
        agent.agentType = "compact";
        agent.model = t.model;
        agent.ttlMode = t.ttlMode;
        agent.context = t.context;
        agent.pending = t.pending;
        agent.forceMiss = false;
        agent.lastRequestMs = t.lastRequestMs;
        writeUserText(agent,
            "Your task is to create a detailed summary of the conversation so far, paying close attention to "
            "the "
            "user's explicit requests and your previous actions.",
            false, newUuid());
        std::vector<std::string> blocks;
        std::string block = "{\"type\":\"text\",\"text\":";
        appendQuoted(block, summary);
        block += '}';
        blocks.push_back(std::move(block));
        emitRequest(agent, blocks, nullptr,
            textTokens(static_cast<i64>(summary.size())) + m_rng.between(50, 400), "end_turn");
        closeSink(*sink);
        t.sink->now = std::max(t.sink->now, sink->now);
    }

    const i64 ms = wait(t, m_rng.between(20'000, 90'000));
    const std::string uuid = newUuid();
    const std::string logicalParent = t.lastUuid;
    t.lastUuid.clear();
    beginLine(t, false);
    // Documented order: {"parentUuid":null,"logicalParentUuid":…,"isSidechain":false,…
    m_line.insert(std::strlen("{\"parentUuid\":null"), ",\"logicalParentUuid\":\"" + logicalParent + '"');
    m_line += "\"type\":\"system\",\"subtype\":\"compact_boundary\",\"content\":\"Conversation "
              "compacted\",\"isMeta\":false,";
    endLine(uuid, ms);
    m_line += ",\"level\":\"info\",\"compactMetadata\":{\"trigger\":\"auto\",\"preTokens\":";
    appendInt(m_line, preTokens);
    m_line += "}}";
    writeLine(*t.sink, m_line, false);
    t.lastUuid = uuid;

    const std::string summaryUuid = newUuid();
    const i64 summaryMs = wait(t, m_rng.between(5, 50));
    beginLine(t, false);
    m_line += "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":";
    std::string content
        = "This session is being continued from a previous conversation that ran out of context. "
          "The conversation is summarized below:\n";
    content += summary;
    appendQuoted(m_line, content);
    m_line += "},\"isVisibleInTranscriptOnly\":true,\"isCompactSummary\":true,";
    endLine(summaryUuid, summaryMs);
    m_line += '}';
    writeLine(*t.sink, m_line, false);
    t.lastUuid = summaryUuid;

    t.context = t.sharedPrefix > 0 ? t.sharedPrefix : m_rng.between(12'000, 20'000);
    t.pending = textTokens(static_cast<i64>(content.size())) + m_rng.between(500, 3000);
    t.forceMiss = true;
}

void CorpusWriter::writeBtw(Transcript& main)
{
    // A /btw side question: replays recent parent messages (same message.id, new requestId,
    // isSidechain true), then asks and answers one question on top of the parent's cache.
    const std::string id = "aside_question-" + hexString(16);
    auto sink = openSink(m_session.dir + "/subagents/agent-" + id + ".jsonl", true);
    ++m_summary.subagentFiles;
    Transcript side;
    side.sink = sink.get();
    side.sidechain = true;
    side.agentId = id;
    side.agentType = "aside_question";
    side.model = main.model;
    side.ttlMode = main.ttlMode;
    // The replayed copies keep the timestamps of their originals.
    const std::size_t replays
        = std::min<std::size_t>(m_session.recent.size(), static_cast<std::size_t>(m_rng.between(1, 3)));
    for (std::size_t i = m_session.recent.size() - replays; i < m_session.recent.size(); ++i) {
        const ReplaySource& source = m_session.recent[i];
        const i64 ms = sink->at(source.ms);
        const std::string uuid = newUuid();
        beginLine(side, true);
        m_line += "\"message\":";
        m_line += source.message;
        m_line += ",\"requestId\":\"";
        m_line += base58Id("req_011C", 20);
        m_line += "\",\"type\":\"assistant\",";
        endLine(uuid, ms);
        m_line += '}';
        writeLine(*sink, m_line, true);
        ++m_summary.assistantLines;
        side.lastUuid = uuid;
    }
    sink->at(main.sink->now + m_rng.between(2000, 30'000));
    side.context = main.context;
    side.pending = 0;
    side.sharedPrefix = main.sharedPrefix;
    side.forceMiss = false;
    side.lastRequestMs = sink->now;
    std::string question = fill(
        m_rng.pick(std::vector<const char*> { "what does %F return on error?", "is %f covered by tests?",
            "why do we keep the %n in a separate table?", "which Python version does this project target?" }),
        m_session.project->language);
    writeUserText(side, question, false, newUuid());
    ExchangeOptions options;
    options.subAgent = false;
    emitFinal(side, options);
    closeSink(*sink);
    main.sink->now = std::max(main.sink->now, sink->now);
}

void CorpusWriter::runTurn(Transcript& t)
{
    Sink& s = *t.sink;
    const Language language = m_session.project->language;
    std::string prompt;
    if (m_rng.chance(60)) {
        // A pasted error log.
        fillInto(prompt, "I get this error when running the %n tests:\n\n", language);
        const auto& outputs = m_outputs[static_cast<std::size_t>(language)];
        const int lines = static_cast<int>(m_rng.between(8, 60));
        for (int i = 0; i < lines; ++i) {
            // The pool is JSON-escaped; prompts are escaped when written, so undo the escaping.
            const std::string& line = m_rng.pick(outputs);
            for (std::size_t k = 0; k < line.size(); ++k) {
                if (line[k] == '\\' && k + 1 < line.size()) {
                    ++k;
                    prompt += line[k] == 'n' ? '\n' : line[k] == 't' ? '\t' : line[k];
                } else {
                    prompt += line[k];
                }
            }
            prompt += '\n';
        }
    } else {
        fillInto(prompt, m_rng.pick(kPrompts), language);
    }

    if (m_rng.chance(80)) {
        const i64 ms = wait(t, m_rng.between(100, 4000));
        m_line.clear();
        m_line += "{\"type\":\"queue-operation\",\"operation\":\"enqueue\",\"timestamp\":\"";
        appendTimestamp(m_line, ms);
        m_line += "\",\"sessionId\":\"";
        m_line += m_session.sessionId;
        m_line += "\",\"content\":";
        appendQuoted(m_line, prompt);
        m_line += '}';
        writeLine(s, m_line, false);
        const i64 ms2 = wait(t, m_rng.between(1000, 60'000));
        m_line.clear();
        m_line += "{\"type\":\"queue-operation\",\"operation\":\"dequeue\",\"timestamp\":\"";
        appendTimestamp(m_line, ms2);
        m_line += "\",\"sessionId\":\"";
        m_line += m_session.sessionId;
        m_line += "\"}";
        writeLine(s, m_line, false);
    }
    const std::string promptUuid = newUuid();
    if (m_rng.chance(500))
        writeSnapshot(t, promptUuid);
    writeUserText(t, prompt, true, promptUuid);
    const i64 turnStart = s.now;
    if (m_rng.chance(100)) {
        const i64 ms = wait(t, m_rng.between(5, 80));
        const std::string uuid = newUuid();
        beginLine(t, false);
        m_line += m_rng.chance(500)
            ? "\"type\":\"attachment\",\"attachment\":{\"type\":\"agent_listing_delta\",\"addedTypes\":["
              "\"general-"
              "purpose\",\"Explore\",\"Plan\",\"code-reviewer\"],\"removedTypes\":[]},"
            : "\"type\":\"attachment\",\"attachment\":{\"type\":\"todo_reminder\",\"content\":[],"
              "\"itemCount\":0},";
        endLine(uuid, ms);
        m_line += '}';
        writeLine(s, m_line, false);
        t.lastUuid = uuid;
    }

    ExchangeOptions options;
    options.allowTask = true;
    options.forceTask = m_session.plan->force && !m_session.forcedTaskDone;
    options.forceNested = options.forceTask && t.era == 3;
    options.forceProgress = options.forceNested;
    m_session.forcedTaskDone = m_session.forcedTaskDone || options.forceTask;
    int requests = static_cast<int>(m_rng.logUniform(1, 14));
    if (m_rng.chance(150))
        requests += static_cast<int>(m_rng.between(5, 15));
    // A session near the end of its byte budget gets short turns, so that the planned sessions
    // (and with them the later days) all fit into the target size.
    requests = static_cast<int>(std::clamp<i64>(sessionRoom() / 6000, 1, requests));
    if (options.forceTask)
        requests = std::max(requests, 2);
    runExchange(t, requests, options);
    if (m_rng.chance(12))
        writeSynthetic(t);
    writeTurnDuration(t, s.now - turnStart + m_rng.between(5, 80));
}

void CorpusWriter::runSession(const SessionPlan& plan, i64 budget)
{
    Project& project = m_projects[static_cast<std::size_t>(plan.project)];
    m_session = SessionState();
    m_session.project = &project;
    m_session.plan = &plan;
    m_session.sessionId = newUuid();
    m_session.dir = project.dir + '/' + m_session.sessionId;
    m_session.deadline = std::min(plan.startMs + 5 * kHour, m_endMs - 30 * kMinute);
    m_session.journalEnabled = plan.era == 3 && (plan.force || m_rng.chance(300));
    const int mode = m_rng.weighted({ 70, 25, 5 });
    m_session.permissionMode = mode == 0 ? "default" : mode == 1 ? "acceptEdits" : "plan";

    // Claude Code versions advance over the span: 2.1.1xx.
    std::string version = "2.1.";
    appendInt(version, 110 + plan.dayIndex * 80 / m_options.days + m_rng.between(0, 6));
    std::string branch;
    switch (m_rng.weighted({ 55, 10, 25, 10 })) {
    case 0:
        branch = "main";
        break;
    case 1:
        branch = "develop";
        break;
    case 2:
        branch = fill("feature/%n-%m", project.language);
        break;
    default:
        branch = fill("fix/%n-%v", project.language);
    }
    std::string& env = m_session.envelope;
    env += "\"userType\":\"external\",\"cwd\":\"";
    env += project.cwd;
    env += "\",\"sessionId\":\"";
    env += m_session.sessionId;
    env += "\",\"version\":\"";
    env += version;
    env += "\",\"gitBranch\":\"";
    env += branch;
    env += "\",";

    auto sink = openSink(project.dir + '/' + m_session.sessionId + ".jsonl", true);
    ++m_summary.sessions;
    sink->now = plan.startMs;

    Transcript main;
    main.sink = sink.get();
    main.era = plan.era;
    main.model = kMainModels[m_rng.weighted({ 62, 14, 10, 9, 5 })];
    main.ttlMode = m_rng.weighted({ 70, 20, 10 });
    main.context = m_rng.between(14'000, 26'000);
    main.sharedPrefix = m_rng.chance(600) ? main.context - m_rng.between(1000, 6000) : 0;
    const i64 compactAt = m_rng.between(140'000, 170'000);

    if (m_rng.chance(200)) {
        m_line.clear();
        m_line += "{\"type\":\"summary\",\"summary\":";
        appendQuoted(m_line, fill("%V %n handling in the %m module", project.language));
        m_line += ",\"leafUuid\":\"";
        appendUuid(m_line);
        m_line += "\"}";
        writeLine(*sink, m_line, false);
    }

    const i64 startBytes = m_bytes;
    m_session.budgetEnd = startBytes + budget;
    // About 8 ms of wall time per byte written is what the pauses below add up to; squeeze the
    // pauses of a session whose budget would not fit before its deadline.
    const i64 expected = budget / 1000 * 8 * kSecond;
    const i64 available = m_session.deadline - plan.startMs;
    if (expected > available)
        m_session.timeScale = std::max<i64>(5, available * 100 / std::max<i64>(1, expected));
    for (int turn = 0;; ++turn) {
        if (turn > 0 && (m_bytes - startBytes >= budget || overTarget()))
            break;
        if (turn > 0) {
            i64 pause = m_rng.logUniform(15 * kSecond, 20 * kMinute);
            if (m_rng.chance(30))
                pause += m_rng.between(30 * kMinute, 90 * kMinute);
            wait(main, pause);
            if (m_rng.chance(15))
                main.model = kMainModels[m_rng.weighted({ 62, 14, 10, 9, 5 })];
        }
        if (main.context > compactAt)
            compact(main);
        if (plan.era == 3 && turn > 0 && !m_session.recent.empty() && m_rng.chance(15))
            writeBtw(main);
        runTurn(main);
        // The forced session asks its /btw question right away, whatever its budget.
        if (plan.era == 3 && plan.force && turn == 0 && !m_session.recent.empty())
            writeBtw(main);
        if (turn == 0) {
            if (m_rng.chance(400)) {
                m_line.clear();
                m_line += "{\"type\":\"ai-title\",\"aiTitle\":";
                appendQuoted(m_line, fill("%V %n %v flow", project.language));
                m_line += ",\"sessionId\":\"";
                m_line += m_session.sessionId;
                m_line += "\"}";
                writeLine(*sink, m_line, false);
            }
            if (m_rng.chance(100)) {
                m_line.clear();
                m_line += "{\"type\":\"custom-title\",\"customTitle\":";
                appendQuoted(m_line, fill("%n %v", project.language));
                m_line += ",\"sessionId\":\"";
                m_line += m_session.sessionId;
                m_line += "\"}";
                writeLine(*sink, m_line, false);
            }
        }
    }
    if (m_rng.chance(500)) {
        m_line.clear();
        m_line += "{\"type\":\"last-prompt\",\"lastPrompt\":";
        appendQuoted(m_line, fill(m_rng.pick(kPrompts), project.language));
        m_line += ",\"leafUuid\":\"";
        m_line += main.lastUuid;
        m_line += "\",\"sessionId\":\"";
        m_line += m_session.sessionId;
        m_line += "\"}";
        writeLine(*sink, m_line, false);
    }
    closeSink(*sink);
    if (m_session.journal)
        closeSink(*m_session.journal);
    m_session.journal.reset();
}

ClaudeCorpusSummary CorpusWriter::run()
{
    if (m_options.outputDir.isEmpty())
        throw std::runtime_error("no output directory given");
    const QString root = QDir(m_options.outputDir).absoluteFilePath(QStringLiteral("projects"));
    if (!QDir().mkpath(root))
        throw std::runtime_error("cannot create directory " + root.toStdString());
    m_root = root.toStdString();

    buildPools();
    buildProjects();
    const std::vector<SessionPlan> plans = buildSchedule();
    // Budgets are recomputed from what is left and corrected by how much the sessions so far
    // overshot theirs (a session ends only between turns), so that the planned sessions spread
    // over all days; the last one runs until the target is reached.
    i64 budgeted = 0;
    i64 used = 0;
    for (std::size_t i = 0; i < plans.size() && !overTarget(); ++i) {
        const i64 left = static_cast<i64>(plans.size() - i);
        i64 budget = room();
        if (i + 1 < plans.size()) {
            budget = room() / left * m_rng.logUniform(20, 320) / 100;
            if (used > 0)
                budget = budget * std::clamp<i64>(budgeted * 100 / used, 25, 150) / 100;
        }
        budget = std::max<i64>(budget, 1);
        const i64 before = m_bytes;
        runSession(plans[i], budget);
        if (i + 1 < plans.size()) {
            budgeted += budget;
            used += m_bytes - before;
        }
    }
    m_summary.bytes = m_bytes;
    return m_summary;
}

} // namespace

ClaudeCorpusGenerator::ClaudeCorpusGenerator(ClaudeCorpusOptions options)
    : m_options(std::move(options))
{ }

ClaudeCorpusSummary ClaudeCorpusGenerator::generate()
{
    CorpusWriter writer(m_options);
    return writer.run();
}
