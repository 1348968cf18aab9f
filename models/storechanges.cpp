// SPDX-License-Identifier: MIT
#include "storechanges.h"
