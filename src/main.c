/* main: the program's entry point; everything else is the cli module's. */
#include "buildspeak/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
