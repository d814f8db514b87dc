// polls: parse the command line and hand over to a command; nothing else.
#include "cli/commands.hpp"

int main(int argc, char** argv) { return polls::cli::main(argc, argv); }
