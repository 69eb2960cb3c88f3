import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { requireAdmin } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Admin · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  return json({});
}

export default function AdminDashboard() {
  return <h1>Dashboard</h1>;
}
