import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/form-field";
import { ServiceFields } from "~/components/service-fields";
import { requireShopStaff } from "~/lib/auth.server";
import { parseForm, parseParams, readForm } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { categoryTree } from "~/modules/listings/categories.server";
import { categoryIdsSchema, serviceFormSchema } from "~/modules/retailers/schemas.server";
import { serviceForStaff, updateService } from "~/modules/retailers/services.server";
import { shopServiceParams } from "~/modules/retailers/route-schemas.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit ${data.service.title} · Stoop` : "Edit a service · Stoop" },
];

async function serviceFor(request: Request, context: LoaderFunctionArgs["context"], rawParams: unknown) {
  const { serviceId } = parseParams(shopServiceParams, rawParams);
  const { retailer, user } = await requireShopStaff(request, context, rawParams);
  const service = await orErrorResponse(() => serviceForStaff(context.db, retailer.id, serviceId, user.id));
  return { retailer, user, service };
}

export async function loader({ request, params: rawParams, context }: LoaderFunctionArgs) {
  const { retailer, service } = await serviceFor(request, context, rawParams);
  const tree = await categoryTree(context.db);
  return json({
    retailer: { name: retailer.name, slug: retailer.slug },
    service: {
      title: service.title,
      values: {
        title: service.title,
        description: service.description,
        price: (service.priceCents / 100).toFixed(2),
        performedAt: service.performedAt,
        leadDays: String(service.leadDays),
        kind: service.kind,
        active: service.active ? "on" : "off",
        categories: service.categoryIds.join(","),
      } as Record<string, string | undefined>,
    },
    categories: tree.roots.map((root) => ({ id: root.id, name: root.name, children: root.children })),
  });
}

export async function action({ request, params: rawParams, context }: ActionFunctionArgs) {
  const { retailer, user, service } = await serviceFor(request, context, rawParams);
  const formData = await readForm(request);
  const form = parseForm(serviceFormSchema, formData);
  const categories = categoryIdsSchema.safeParse(formData.getAll("categories"));
  const values = {
    ...Object.fromEntries(
      [...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    ),
    // An unticked box sends nothing: keep it unticked.
    active: formData.get("active") === "on" ? "on" : "off",
    categories: formData.getAll("categories").join(","),
  };
  if (!form.ok || !categories.success) {
    return invalidForm({
      fieldErrors: {
        ...(form.ok ? {} : form.fieldErrors),
        ...(categories.success ? {} : { categories: ["Choose at least one category"] }),
      },
      formError: form.ok ? null : form.formError,
      values,
    });
  }
  try {
    await updateService(context.db, retailer.id, service.id, user.id, form.data, categories.data);
  } catch (error) {
    return formFailure(error, values);
  }
  return redirect(`/retailers/${retailer.slug}/services`);
}

export default function EditService() {
  const { retailer, service, categories } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure && !failure.ok ? failure.fieldErrors : {};
  const values = failure && !failure.ok ? failure.values : service.values;
  return (
    <section className="narrow" aria-labelledby="edit-service-title">
      <h1 id="edit-service-title">Edit {service.title}</h1>
      <p>
        <Link to={`/retailers/${retailer.slug}/services`}>Back to the services of {retailer.name}</Link>
      </p>
      <p className="muted">Changes apply to new orders; orders already paid keep what the buyer bought.</p>
      <FormError message={failure && !failure.ok ? failure.formError : null} />
      <Form method="post" noValidate className="card">
        <ServiceFields values={values} errors={errors} categories={categories} activeLabel="Offer it now" />
        <button type="submit">Save the service</button>
      </Form>
    </section>
  );
}
