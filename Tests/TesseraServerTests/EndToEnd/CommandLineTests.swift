import Foundation
import Glibc
import Testing
import TesseraStore
@testable import TesseraServer

/// The `tessera` executable as an operator runs it: exit status, output and
/// one-line errors, on a scratch catalog.
@Suite("tessera administration commands, run as a process")
struct CommandLineTests {
    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `tessera arguments…` to completion (bounded), `environment` added to the test's,
    /// in `directory` when given.
    @discardableResult
    func tessera(
        _ arguments: [String], input: String? = nil, environment: [String: String] = [:], directory: URL? = nil
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = TesseraProcess.executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        // Only what the test gives: a TESSERA_TOKEN of the shell running the tests stays out.
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "TESSERA_TOKEN" }
            .merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let input {
            let stdin = Pipe()
            process.standardInput = stdin
            try process.run()
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            errors: String(decoding: errors, as: UTF8.self))
    }

    func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func anOperatorsDayFromInitToReload() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalog = directory.appendingPathComponent("catalog.db").path

        #expect(try tessera(["init", "--catalog", catalog, "--demo"]).status == 0)
        let again = try tessera(["init", "--catalog", catalog])
        #expect(again.status != 0 && again.errors.split(separator: "\n").count == 1)

        #expect(try tessera(["audience", "create", "Gala VIP", "--catalog", catalog]).status == 0)
        #expect(try tessera(["audience", "list", "--catalog", catalog]).output.contains("gala-vip"))

        let sheet = directory.appendingPathComponent("vip.csv").path
        try Data("Code;quantity;Seat Label\nVIP900;1;North-2\nvip900;1;North-1\nVIP901;two;S2-01\nVIP902;2;South-3\n".utf8)
            .write(to: URL(fileURLWithPath: sheet))
        let strict = try tessera(["import", sheet, "--audience", "Gala VIP", "--strict", "--catalog", catalog])
        #expect(strict.status == 1)
        let dry = try tessera(["import", sheet, "--audience", "Gala VIP", "--dry-run", "--catalog", catalog])
        #expect(dry.status == 1)
        #expect(try tessera(["members", "search", "VIP90", "--prefix", "--catalog", catalog]).status == 1)  // nothing written yet
        let imported = try tessera(["import", sheet, "--audience", "Gala VIP", "--catalog", catalog])
        #expect(imported.status == 1)  // rows were rejected
        let report = imported.output + imported.errors
        #expect(report.contains("line 3") && report.contains("line 4"))
        #expect(try tessera(["members", "search", "VIP90", "--prefix", "--catalog", catalog]).output.contains("VIP902"))

        let codes = try tessera(["codes", "generate", "--audience", "gala-vip", "--count", "5", "--length", "8", "--catalog", catalog])
        #expect(codes.status == 0)
        let generated = codes.output.split(separator: "\n")
        #expect(generated.count == 5)
        #expect(generated.allSatisfy { $0.count == 8 && $0.allSatisfy { "23456789ABCDEFGHJKMNPQRSTUVWXYZ".contains($0) } })

        let export = try tessera(["members", "export", "--audience", "gala-vip", "--catalog", catalog])
        #expect(export.status == 0 && export.output.contains("VIP900") && export.output.contains(String(generated[0])))

        // A running server sees it all after `tessera reload`.
        let server = try RunningServer { $0.catalog = catalog }
        defer { server.stop() }
        #expect(try tessera(["reload", "--server", "127.0.0.1:\(server.port)"]).status == 0)
        #expect(try tessera(["reload", "--server", "127.0.0.1:1"]).status != 0)
    }

    /// One person is one member of an audience: a second import adds nobody, `--update`
    /// updates, `members add` refuses, each naming the member.
    @Test func theSamePersonTwiceIsRefusedOrWithUpdateUpdated() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalog = directory.appendingPathComponent("catalog.db").path
        #expect(try tessera(["init", "--catalog", catalog, "--demo"]).status == 0)
        let sheet = directory.appendingPathComponent("club.csv").path
        try Data("Email,Quantity\nMarta@Example.com,6\nnew@example.com,1\n".utf8).write(to: URL(fileURLWithPath: sheet))

        let first = try tessera(["import", sheet, "--audience", "club", "--catalog", catalog])
        #expect(first.status == 1)
        #expect(
            first.output == """
                line 2: e-mail 'Marta@Example.com' is already in audience 'Tessera Club' (member 63)
                imported 1 member into audience 'Tessera Club' (2 rows read, 1 rejected)

                """)
        let update = try tessera(["import", sheet, "--audience", "club", "--update", "--catalog", catalog])
        #expect(update.status == 0)
        #expect(update.output == "audience 'Tessera Club': 0 added, 2 updated, 0 rejected (2 rows read)\n")

        let add = try tessera(["members", "add", "--audience", "club", "--email", "NEW@example.com", "--catalog", catalog])
        #expect(add.status == 1)
        #expect(add.errors == "tessera members: e-mail 'NEW@example.com' is already in audience 'Tessera Club' (member 96)\n")
    }

    /// The server percent-encodes reply values (SPEC §4); an operator reads them decoded.
    @Test func reloadPrintsTheServersMessageDecoded() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalog = directory.appendingPathComponent("catalog.db").path
        #expect(try tessera(["init", "--catalog", catalog, "--demo"]).status == 0)
        let server = try RunningServer { $0.catalog = catalog }
        defer { server.stop() }
        try Database(path: catalog, mode: .readWrite).execute("UPDATE offers SET unlock = 'pass word' WHERE id = 'seat-unlock'")
        let reload = try tessera(["reload", "--server", "127.0.0.1:\(server.port)"])
        #expect(reload.status == 1)
        #expect(
            reload.output
                == "ERR bad_catalog msg=table offers, row id=seat-unlock: unlock must be 'login', 'code' or 'any', got 'pass word'\n")
    }

    @Test func badInputIsOneLineAndNonZero() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalog = directory.appendingPathComponent("catalog.db").path
        let notACatalog = directory.appendingPathComponent("notes.txt").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notACatalog))
        #expect(try tessera(["init", "--catalog", catalog, "--demo"]).status == 0)
        let latin1 = directory.appendingPathComponent("latin1.csv").path
        try Data([0x43, 0x6F, 0x64, 0x65, 0x0A, 0x53, 0xF8, 0x72, 0x65, 0x6E, 0x0A]).write(to: URL(fileURLWithPath: latin1))

        for arguments in [
            ["import", directory.appendingPathComponent("missing.csv").path, "--audience", "VIP codes", "--catalog", catalog],
            ["import", latin1, "--audience", "VIP codes", "--catalog", catalog],
            ["import", latin1, "--audience", "No such audience", "--catalog", catalog],
            ["audience", "list", "--catalog", notACatalog],
            ["audience", "list", "--catalog", directory.appendingPathComponent("nothing.db").path],
            ["frobnicate"],
        ] {
            let outcome = try tessera(arguments)
            #expect(outcome.status != 0, "\(arguments)")
            #expect(outcome.errors.split(separator: "\n").count == 1, "\(arguments): \(outcome.errors)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("nothing.db").path))
    }

    /// The option list is the one `ServeOption.all` makes: every option, with its range and default.
    @Test func serveHelpListsEveryOption() throws {
        let help = try tessera(["serve", "--help"])
        #expect(help.status == 0)
        #expect(help.output.hasSuffix(ServeOption.helpText()))
        for option in ServeOption.all {
            #expect(help.output.contains("\n  \(option.flag)"), "\(option.flag)")
            if let value = option.defaultValue { #expect(help.output.contains("default \(value))"), "\(option.name)") }
        }
        #expect(help.output.contains("  --max-line-bytes N  (16..16777216, default 4096)\n"))
    }

    /// A bad value stops `serve` before it starts, in one line naming what was typed and what
    /// would do; from a config file, with the file and line.
    @Test func serveRefusesABadOptionNamingItAndTheRange() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("tessera.conf").path
        try Data("# limits\nmax_connections = 0\n".utf8).write(to: URL(fileURLWithPath: config))
        for (arguments, message) in [
            (["--max-line-bytes", "5"], "--max-line-bytes must be a whole number from 16 to 16777216, got '5'"),
            (["--busy-poll-us=10001"], "--busy-poll-us must be a whole number from 0 to 10000, got '10001'"),
            (["--test-clock=maybe"], "--test-clock must be true or false, got 'maybe'"),
            (["--listen", "7878"], "--listen must be HOST:PORT, got '7878'"),
            (["--max-conections", "5"], "unknown option --max-conections"),
            (["--config", config], "\(config):2: max_connections must be a whole number from 1 to 1000000, got '0'"),
        ] {
            let outcome = try tessera(["serve"] + arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.errors == "tessera serve: \(message)\n")
        }
    }

    /// SPEC §5: a config file and the command line mean the same, and the command line wins,
    /// wherever `--config` stands.
    @Test func serveTakesTheConfigFileAndTheCommandLineWins() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("tessera.conf").path
        try Data("token = from-file\nmax_line_bytes = 24\n".utf8).write(to: URL(fileURLWithPath: config))
        let ledger = directory.appendingPathComponent("demo.ledger").path
        let server = try SpawnedServer.start(
            ["--token", "from-flag", "--config", config, "--ledger", ledger], in: directory)
        let client = try server.client()
        #expect(try client.request("AUTH token=from-file") == ["ERR forbidden msg=wrong%20token"])
        #expect(try client.request("AUTH token=from-flag") == ["OK"])
        #expect(try client.request("EVAL event=gala code=SEVENTEEN") == ["ERR line_too_long msg=line%20longer%20than%20the%20limit"])
        server.send(SIGTERM)
        #expect(server.waitForExit() == .status(0))
    }

    @Test func everyCommandExplainsItself() throws {
        for command in ["serve", "init", "audience", "members", "import", "codes", "reload", "client"] {
            let help = try tessera([command, "--help"])
            #expect(help.status == 0 && help.output.hasPrefix("usage: tessera \(command)"), "\(command)")
        }
    }
}
