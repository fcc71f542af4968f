/* Says hello and which user it runs as. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("hello from a compiled program, uid %d\n", (int)getuid());
    return 0;
}
