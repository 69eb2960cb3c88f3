import { json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requireAdmin } from "~/lib/auth.server";
import adminStylesHref from "~/styles/admin.css";

/**
 * The admin console's frame: a nav and an outlet. The guard here only protects this layout's own
 * data; every admin route's loader and action calls requireAdmin itself, because Remix runs child
 * loaders and actions without waiting for (or even calling) the parent's loader.
 */

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStylesHref }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = requireAdmin(request, context);
  return json({ adminName: admin.displayName });
}

/** Disputes and retailer applications are built in their own branches; their pages fill these links. */
const SECTIONS = [
  { to: "/admin", label: "Dashboard", end: true },
  { to: "/admin/reports", label: "Reports" },
  { to: "/admin/users", label: "Users" },
  { to: "/admin/disputes", label: "Disputes" },
  { to: "/admin/retailers", label: "Retailers" },
  { to: "/admin/meetup-spots", label: "Meetup spots" },
  { to: "/admin/audit", label: "Audit log" },
  { to: "/admin/jobs", label: "Jobs" },
] as const;

export default function AdminLayout() {
  return (
    <div className="admin">
      <nav aria-label="Admin" className="admin-nav">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to} end={"end" in section ? section.end : false}>
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-main">
        <Outlet />
      </div>
    </div>
  );
}
