import { useId } from "react";

export interface BarDatum {
  label: string;
  value: number;
}

/**
 * A small server-rendered SVG bar chart (no client JavaScript). It is a picture of the table the
 * page shows beside it, so it is one labelled image for screen readers, not a tree of shapes.
 */
export function BarChart({
  title,
  data,
  format = (value) => String(value),
  width = 640,
  height = 200,
}: {
  title: string;
  data: BarDatum[];
  format?: (value: number) => string;
  width?: number;
  height?: number;
}) {
  const id = useId();
  const top = 16;
  const bottom = 24;
  const left = 8;
  const plotHeight = height - top - bottom;
  const max = Math.max(0, ...data.map((datum) => datum.value));
  const slot = data.length ? (width - left * 2) / data.length : 0;
  const barWidth = Math.max(1, slot * 0.7);
  const total = data.reduce((sum, datum) => sum + datum.value, 0);
  const first = data[0]?.label ?? "";
  const last = data[data.length - 1]?.label ?? "";
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      className="bar-chart"
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>
        {data.length ? `From ${first} to ${last}: highest ${format(max)}, total ${format(total)}.` : "No data."}
      </desc>
      <line x1={left} x2={width - left} y1={top + plotHeight} y2={top + plotHeight} stroke="currentColor" />
      <text x={left} y={top - 4} fontSize="11" fill="currentColor">
        max {format(max)}
      </text>
      {data.map((datum, index) => {
        const barHeight = max > 0 ? (datum.value / max) * plotHeight : 0;
        return (
          <rect
            key={datum.label}
            x={left + index * slot + (slot - barWidth) / 2}
            y={top + plotHeight - barHeight}
            width={barWidth}
            height={barHeight}
            fill="var(--accent, #2f6f4f)"
          >
            <title>{`${datum.label}: ${format(datum.value)}`}</title>
          </rect>
        );
      })}
      <text x={left} y={height - 6} fontSize="11" fill="currentColor">
        {first}
      </text>
      <text x={width - left} y={height - 6} fontSize="11" fill="currentColor" textAnchor="end">
        {last}
      </text>
    </svg>
  );
}
