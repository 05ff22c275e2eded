import Glibc
import TesseraClient
import TesseraServer

/// `tessera client`: a shell for the wire protocol, like `redis-cli`. Requests are typed
/// (or piped) one per line and go out as typed; replies come back decoded for people.
enum ClientCommand: TesseraCommand {
    static let name = "client"
    static let summary = "send requests to a running server and show the replies"
    static let help = """
        usage: tessera client [--server HOST:PORT] [--token T] [--config FILE] [--raw] [--timeout-seconds N]

        Connects to a running server (default: the listen address of --config, else \(ServeOption.named("listen")?.defaultValue ?? "")),
        sends AUTH first when a token is given (--token T, else the environment variable
        TESSERA_TOKEN, else the admin_token or token of --config), then reads requests from
        standard input, one per line, and prints each reply. A request goes out as typed: write
        its values percent-encoded as on the wire (%20 for a space). Blank lines are skipped;
        QUIT ends the session.

        Replies are shown with every value percent-decoded, in double quotes when it is empty
        or holds a space, a quote, a backslash or =:
          OFFER id=seat-unlock name="VIP seats" via=code remaining=1 max_order=1 discount=none value=0
        --raw prints them as the server sent them.

        Exit status: 0 at the end of the input or after QUIT; 1 when a request read from a
        pipe or a file was answered ERR (the client goes on with the next line either way); 2
        for a usage mistake; 3 when the server cannot be reached, refuses the token, or goes
        away ("tessera client: server closed the connection").

        """

    /// The exit status when the server cannot be reached or goes away.
    static let disconnected: Int32 = 3

    static func run(_ arguments: [String]) -> Int32 {
        runCommand(name) {
            let list = try OptionList(arguments, flags: ["raw"])
            try list.check(known: ["server", "token", "config", "raw", "timeout-seconds"])
            let environmentToken = getenv("TESSERA_TOKEN").map { String(cString: $0) }
            let options = try serverOptions(list, tokenFallbacks: [environmentToken])
            let session = Session(raw: list.has("raw"), interactive: isatty(0) != 0, prompt: options.server + "> ")
            do {
                return try session.run(Client(options))
            } catch {
                printError("tessera client: \(error)")
                return disconnected
            }
        }
    }

    /// One run over standard input.
    struct Session {
        let raw: Bool
        let interactive: Bool
        let prompt: String

        func run(_ client: Client) throws(ClientError) -> Int32 {
            var answeredERR = false
            while true {
                if interactive {
                    print(prompt, terminator: "")
                    fflush(nil)
                }
                guard let line = readLine(strippingNewline: true) else {
                    if interactive { print("") }  // the shell's prompt on a line of its own
                    break
                }
                guard !line.allSatisfy({ $0 == " " }) else { continue }
                let request: Request
                do {
                    request = try .raw(line)
                } catch {
                    printError("tessera client: \(error)")
                    answeredERR = true
                    continue
                }
                let reply = try client.request(request)
                for replyLine in reply.lines { print(raw ? replyLine : ReplyLine.readable(replyLine)) }
                // Each reply goes out whole at once, also into a pipe, where a program may be
                // waiting for it before it writes the next request.
                fflush(nil)
                if !reply.isOK { answeredERR = true }
                if request.kind == .quit && reply.isOK { break }
            }
            return answeredERR && !interactive ? 1 : 0
        }
    }
}
