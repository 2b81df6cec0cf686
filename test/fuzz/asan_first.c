/*
 * asan_first.c
 *		Preloaded by test/suites/90_asan.sh after the sanitizer runtime and
 *		after every library postgres links, so that its constructor runs
 *		before theirs: its malloc initializes AddressSanitizer while no lock
 *		is held.  Otherwise the first malloc comes from libgpg-error's
 *		constructor inside bindtextdomain(), with glibc's gettext lock held,
 *		and ASan's initialization (which calls dlerror(), hence gettext)
 *		deadlocks on it: postgres would hang at start.  Not PostgreSQL code,
 *		so plain malloc.
 */
#include <stdlib.h>

__attribute__((constructor))
static void
asan_first(void)
{
	free(malloc(1));
}
