import { useEffect, useRef } from "react";

/**
 * After a failed submission the server re-renders without passwords, but with JavaScript the
 * browser keeps the old inputs. Clear every password field whenever a new result arrives.
 */
export function useClearPasswordsOn(result: unknown) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!result) return;
    formRef.current?.querySelectorAll<HTMLInputElement>('input[type="password"]').forEach((input) => {
      input.value = "";
    });
  }, [result]);
  return formRef;
}
