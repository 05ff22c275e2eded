import Glibc
import TesseraProtocol

/// `tessera <command> …`: one type per command, each explaining itself with `--help`.
let arguments = Array(CommandLine.arguments.dropFirst())
let commands = allCommands

func usage() -> String {
    var text = "usage: tessera <command> [options]\n\ncommands:\n"
    for command in allCommands { text += "  \(command.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(command.summary)\n" }
    text += "\n`tessera <command> --help` explains each; `tessera --version` prints the version.\n"
    return text
}

if arguments == ["--version"] {
    print("tessera \(TesseraVersion.current)")
    exit(0)
}
guard let name = arguments.first, !["-h", "--help", "help"].contains(name) else {
    print(usage(), terminator: "")
    exit(arguments.isEmpty ? 2 : 0)
}
guard let command = commands.first(where: { $0.name == name }) else {
    printError("tessera: unknown command '\(name)'; `tessera --help` lists the commands")
    exit(2)
}
let rest = Array(arguments.dropFirst())
if rest.contains("--help") || rest.contains("-h") {
    print(command.help, terminator: "")
    exit(0)
}
exit(command.run(rest))
