namespace TradeMesh.Cli;

/// <summary>The text of `trademesh help`: the one place a user learns every command, option and exit code.</summary>
internal static class Usage
{
    public const string Text = """
        trademesh: push TradeMesh releases and read rankings and movers

        Usage:
          trademesh push FILE.json|FILE.csv [--via http|amqp] [--wait] [--timeout SECONDS]
                         [--release-id ID --period P --stage S --unit U --published-at T [--national-total N]]
              Send a release. JSON is the release format of the product contract. CSV has the header
              cityCode,name,province,total,exports,imports,yoyPct and needs the release options
              (--national-total is optional).
              --via http   (default) POST to {gateway}/api/releases with the API key
              --via amqp   publish to the exchange trademesh.releases (persistent, publisher confirms)
              --wait       then follow the release until it is applied or rejected
              --timeout    seconds to wait for the broker's confirm and for --wait (default 60)
          trademesh status RELEASE-ID
              The release's status, cities, applied cities and reasons.
          trademesh ranking PERIOD [--top N] [--measure total|exports|imports] [--province P] [--as-of INSTANT]
              The ranking of a period (YYYY, YYYY-MM or YYYY-MM-YTD), as it stood at --as-of if given.
          trademesh movers PERIOD [--top N] [--measure total|exports|imports]
              Fastest growth, steepest decline, climbers, fallers, overtakes and milestones.
          trademesh help
              This text (also: no arguments, --help).

        Options for every command (option, else environment variable, else default):
          --gateway URL    TRADEMESH_GATEWAY    default http://localhost:8080
          --api-key KEY    TRADEMESH_API_KEY    needed to push over HTTP; a local run (deploy/local/up.sh)
                                                keeps its key in .state/local/api-key
          --amqp URI       TRADEMESH_AMQP       default amqp://publisher:publisher@localhost:5672 (the local
                                                RabbitMQ's publisher user may only write to trademesh.releases)

        Exit codes:
          0  success: release accepted (applied with --wait), query answered
          1  usage error: bad arguments, unreadable file, a query the server calls invalid (400)
          2  the release was refused: 400 with reasons, 409 id used with other content, 401 no valid
             API key, or its status is rejected
          3  the system could not be reached or failed: 5xx, connection refused, broker unreachable or
             not confirming, --wait timed out
          4  not found: unknown release, or no data for that period and measure (404)

        Examples:
          trademesh push deploy/sample-data/2025-annual-preliminary.json --api-key "$(cat .state/local/api-key)" --wait
          trademesh push figures.csv --release-id cus-2025-12 --period 2025 --stage preliminary \
              --unit CNY_100M --published-at 2026-01-20T08:00:00+08:00 --via amqp --wait
          trademesh ranking 2025 --top 10 --province Guangdong
          trademesh movers 2025 --top 3
        """;
}
