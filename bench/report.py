"""Tables as aligned text that is also Markdown, for the terminal and the docs."""

import statistics


def table(title, header, rows):
    cells = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row):
        return (
            "| "
            + " | ".join(
                cell.rjust(width) if _is_number(cell) else cell.ljust(width)
                for cell, width in zip(row, widths, strict=True)
            )
            + " |"
        )

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([f"\n### {title}\n", line(cells[0]), rule, *map(line, cells[1:])])


def _is_number(cell):
    return cell.lstrip("+-").replace(".", "", 1).replace(",", "").isdigit()


def percentile(values, fraction):
    """The value below which ``fraction`` of ``values`` fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(fraction * len(ordered) + 0.5) - 1)]


def median(values):
    return statistics.median(values)


def ms(seconds):
    return f"{seconds * 1000:.1f}"
