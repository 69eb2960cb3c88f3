import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/form-field";
import { ServiceFields } from "~/components/service-fields";
import { requireShopStaff } from "~/lib/auth.server";
import { hasUnstorableText, parseForm, readForm, UNSTORABLE_TEXT } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { formatMoney } from "~/lib/money";
import { categoryTree } from "~/modules/listings/categories.server";
import { SERVICE_PLACE_LABELS } from "~/modules/retailers/schemas";
import { categoryIdsSchema, serviceFormSchema } from "~/modules/retailers/schemas.server";
import { createService, servicesForStaff, setServiceActive } from "~/modules/retailers/services.server";
import { TableScroll } from "~/components/table-scroll";
import { serviceToggleForm } from "~/modules/retailers/route-schemas.server";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Services · Stoop" }];

export async function loader({ request, params: rawParams, context }: LoaderFunctionArgs) {
  const { retailer, user } = await requireShopStaff(request, context, rawParams);
  const tree = await categoryTree(context.db);
  return json({
    retailer: { name: retailer.name, slug: retailer.slug, status: retailer.status },
    services: await servicesForStaff(context.db, retailer.id, user.id),
    categories: tree.roots.map((root) => ({ id: root.id, name: root.name, children: root.children })),
  });
}

export async function action({ request, params: rawParams, context }: ActionFunctionArgs) {
  const { retailer, user } = await requireShopStaff(request, context, rawParams);
  const formData = await readForm(request);
  const back = `/retailers/${retailer.slug}/services`;
  if (formData.get("intent") === "pause" || formData.get("intent") === "resume") {
    const toggle = parseForm(serviceToggleForm, formData);
    if (!toggle.ok) {
      const formError = hasUnstorableText(toggle) ? UNSTORABLE_TEXT : "Reload the page and try again.";
      return invalidForm({ fieldErrors: {}, formError, values: {} });
    }
    await orErrorResponse(() =>
      setServiceActive(context.db, retailer.id, toggle.data.serviceId, user.id, toggle.data.intent === "resume"),
    );
    return redirect(back);
  }
  const form = parseForm(serviceFormSchema, formData);
  const categories = categoryIdsSchema.safeParse(formData.getAll("categories"));
  const values = Object.fromEntries(
    [...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  if (!form.ok || !categories.success) {
    return invalidForm({
      fieldErrors: {
        ...(form.ok ? {} : form.fieldErrors),
        ...(categories.success ? {} : { categories: ["Choose at least one category"] }),
      },
      formError: form.ok ? null : form.formError,
      values: { ...values, categories: formData.getAll("categories").join(",") },
    });
  }
  try {
    await createService(context.db, retailer.id, user.id, form.data, categories.data);
  } catch (error) {
    return formFailure(error, values);
  }
  return redirect(back);
}

export default function RetailerServices() {
  const { retailer, services, categories } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure && !failure.ok ? failure.fieldErrors : {};
  const values = failure && !failure.ok ? failure.values : {};
  return (
    <section aria-labelledby="services-title">
      <h1 id="services-title">Services of {retailer.name}</h1>
      <p>
        <Link to={`/retailers/${retailer.slug}`}>Back to the shop page</Link>
      </p>
      {retailer.status !== "verified" ? (
        <p role="status" className="notice">
          Your services are offered to buyers once an admin has verified the shop.
        </p>
      ) : null}
      {services.length ? (
        <TableScroll label="Services">
          <table>
            <caption>Your services</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Price</th>
                <th scope="col">Where</th>
                <th scope="col">Status</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {services.map((service) => (
                <tr key={service.id}>
                  <th scope="row">{service.title}</th>
                  <td>{formatMoney(service.priceCents)}</td>
                  <td>{SERVICE_PLACE_LABELS[service.performedAt]}</td>
                  <td>{service.active ? "Active" : "Paused"}</td>
                  <td>
                    <Link
                      to={`/retailers/${retailer.slug}/services/${service.id}/edit`}
                      aria-label={`Edit ${service.title}`}
                    >
                      Edit
                    </Link>
                    <Form method="post">
                      <input type="hidden" name="serviceId" value={service.id} />
                      <button
                        type="submit"
                        name="intent"
                        value={service.active ? "pause" : "resume"}
                        className="button--secondary button--small"
                        aria-label={`${service.active ? "Pause" : "Resume"} ${service.title}`}
                      >
                        {service.active ? "Pause" : "Resume"}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <EmptyState title="No services yet." />
      )}

      <section className="card narrow" aria-labelledby="new-service-title">
        <h2 id="new-service-title">Add a service</h2>
        <FormError message={failure && !failure.ok ? failure.formError : null} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create" />
          <ServiceFields
            values={values}
            errors={errors}
            categories={categories}
            activeLabel="Offer it now (untick to add it paused)"
          />
          <button type="submit">Add the service</button>
        </Form>
      </section>
    </section>
  );
}
