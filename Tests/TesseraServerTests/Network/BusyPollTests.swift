import Foundation
import Testing
@testable import TesseraServer

/// `busy_poll_us`: parsed and bounded like every serve option, and a polling loop answers exactly
/// like a sleeping one.
@Suite struct BusyPollTests {
    @Test func optionParsesWithinItsRange() throws {
        var configuration = ServeConfiguration()
        #expect(configuration.busyPollMicroseconds == 0, "off by default")
        #expect(ServeConfiguration.keys.contains("busy_poll_us"))
        try configuration.set("busy_poll_us", "50")
        #expect(configuration.busyPollMicroseconds == 50)
        try configuration.set("busy_poll_us", "10000")
        #expect(configuration.busyPollMicroseconds == 10_000)
        try configuration.set("busy_poll_us", "0")
        #expect(configuration.busyPollMicroseconds == 0)
        for bad in ["10001", "-1", "fast", "", "1.5"] {
            #expect(throws: ConfigError.self) { try configuration.set("busy_poll_us", bad) }
        }
        #expect(configuration.busyPollMicroseconds == 0, "a refused value changes nothing")
    }

    @Test func errorNamesTheOptionAndRange() {
        var configuration = ServeConfiguration()
        #expect(throws: ConfigError("busy_poll_us must be a whole number from 0 to 10000, got '20000'")) {
            try configuration.set("busy_poll_us", "20000")
        }
    }

    @Test func configFileSetsIt() throws {
        var configuration = ServeConfiguration()
        try ConfigFile.apply(text: "# latency\nbusy_poll_us = 200\n", name: "test.conf", to: &configuration)
        #expect(configuration.busyPollMicroseconds == 200)
        #expect(throws: ConfigError("test.conf:1: busy_poll_us must be a whole number from 0 to 10000, got 'x'")) {
            try ConfigFile.apply(text: "busy_poll_us = x\n", name: "test.conf", to: &configuration)
        }
    }

    @Test func serverTakesItFromOptions() throws {
        let running = try NetTestServer { $0.busyPollMicroseconds = 300 }
        defer { running.stop() }
        #expect(running.server.busyPollMicroseconds == 300)
    }

    @Test func pollingServerAnswersPingPongAndPipelinedInOrder() throws {
        let running = try NetTestServer { $0.busyPollMicroseconds = 2_000 }
        defer { running.stop() }
        let client = try NetTestClient(port: running.port)
        for index in 0..<200 {
            client.send("q\(index)\n")
            #expect(client.readLine() == "[q\(index)]")
        }
        client.send("one\nHOLD slow\ntwo\n")
        #expect(netEventually { running.recorder.deferredCount == 1 })
        running.recorder.complete("slow", "slow\n")
        #expect(client.readLines(3) == ["[one]", "slow", "[two]"])
        // Idle past the poll: the loop sleeps, and a later request still wakes it.
        usleep(20_000)
        client.send("late\n")
        #expect(client.readLine() == "[late]")
    }
}
