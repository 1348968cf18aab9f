// SPDX-License-Identifier: MIT
#pragma once

// Settings every source adapter honours.
struct SourceOptions
{
    bool storeContent = true; // false: prompts and answers keep their length, never their text
};
