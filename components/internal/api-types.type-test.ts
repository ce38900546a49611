/**
 * Fails `tsc --noEmit` (so `npm test`) when an element-side API type in
 * `api-types.ts` stops matching what the server's routes answer. The server's
 * types come from the typed client (`edge/client.ts`, Hono's inference over
 * the route handlers); this file is type-only and never runs, so the elements
 * still import nothing from edge/ at run time.
 */
import type { InferRequestType, InferResponseType } from 'hono/client';
import type { StatusCode } from 'hono/utils/http-status';
import type { PorticoClient } from '../../edge/client.ts';
import type { listSentMail } from '../../edge/data/emails.ts';
import type { ErrorEnvelope as ServerErrorEnvelope } from '../../edge/errors.ts';
import type * as Api from './api-types.ts';
import type * as Limits from './limits.ts';
import type { MAX_MESSAGE_CHARS } from '../../edge/routes/messages.ts';
import type { MAX_SUBJECT_CHARS } from '../../edge/routes/requests.ts';

type V1 = PorticoClient['api']['v1'];
type Ok<Endpoint, Status extends StatusCode = 200> = InferResponseType<Endpoint, Status>;
type Body<Endpoint> = InferRequestType<Endpoint> extends { json: infer J } ? J : never;

/** True only when A and B are the same type, optional and readonly modifiers included. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export type Checks = [
  Assert<Same<Api.PublicFirm, Ok<V1['public']['firms'][':slug']['$get']>>>,
  Assert<Same<Api.AuthLinkRequest, Body<V1['auth']['link']['$post']>>>,
  Assert<Same<Api.LinkInspection, Ok<V1['auth']['link']['inspect']['$post']>>>,
  Assert<Same<Api.SessionCreated, Ok<V1['auth']['session']['$post']>>>,
  // An API key's "who am I" is not for the elements.
  Assert<Same<Api.SessionInfo, Exclude<Ok<V1['auth']['session']['$get']>, { audience: 'apikey' }>>>,
  Assert<Same<Api.TaskListResponse, Ok<V1['portal']['tasks']['$get']>>>,
  Assert<Same<Api.TaskDetail, Ok<V1['portal']['tasks'][':id']['complete']['$post']>>>,
  // Opening a task marks it read: the answer says `unread: false`, a TaskDetail.
  Assert<Ok<V1['portal']['tasks'][':id']['$get']> extends Api.TaskDetail ? true : false>,
  Assert<Same<Api.PagedList<Api.FirmClient>, Ok<V1['firm']['clients']['$get']>>>,
  Assert<Same<Api.FirmTaskList, Ok<V1['firm']['tasks']['$get']>>>,
  Assert<Same<Api.FirmTask, Ok<V1['firm']['tasks'][':id']['$patch']>>>,
  Assert<Same<Api.UpdateFirmTaskRequest, Body<V1['firm']['tasks'][':id']['$patch']>>>,
  Assert<Same<Api.PagedList<Api.HistoryEntry>, Ok<V1['firm']['tasks'][':id']['history']['$get']>>>,
  Assert<Same<Api.TaskDetail, Ok<V1['portal']['tasks'][':id']['reopen']['$post']>>>,
  Assert<Same<Api.TaskDetail, Ok<V1['portal']['tasks'][':id']['checklist'][':itemId']['$patch']>>>,
  Assert<Same<Api.ChecklistTickRequest, Body<V1['portal']['tasks'][':id']['checklist'][':itemId']['$patch']>>>,
  Assert<Same<Api.FirmTask, Ok<V1['firm']['tasks'][':id']['$get']>>>,
  Assert<Same<Api.FirmTask, Ok<V1['firm']['tasks']['$post'], 201>>>,
  Assert<Same<Api.CreateFirmTaskRequest, Body<V1['firm']['tasks']['$post']>>>,
  Assert<Same<Api.DevMail, Omit<Awaited<ReturnType<typeof listSentMail>>[number], 'createdAt'>>>,
  Assert<Same<Api.Page<Api.WorkStatus>, Ok<V1['firm']['work-statuses']['$get']>>>,
  Assert<Same<Api.WorkStatus, Ok<V1['firm']['work-statuses']['$post'], 201>>>,
  Assert<Same<Api.Page<Api.Work>, Ok<V1['firm']['work']['$get']>>>,
  Assert<Same<Api.Work, Ok<V1['firm']['work']['$post'], 201>>>,
  Assert<Same<Api.Work, Ok<V1['firm']['work'][':id']['$patch']>>>,
  Assert<Same<Api.Work, Ok<V1['firm']['work'][':id']['send']['$post']>>>,
  Assert<Same<Api.WorkDetail, Ok<V1['firm']['work'][':id']['$get']>>>,
  Assert<Same<Api.Page<Api.Template>, Ok<V1['firm']['templates']['$get']>>>,
  Assert<Same<Api.Template, Ok<V1['firm']['templates'][':id']['$get']>>>,
  Assert<Same<Api.Template, Ok<V1['firm']['templates']['$post'], 201>>>,
  Assert<Same<Api.TemplatePreview, Ok<V1['firm']['templates'][':id']['preview']['$get']>>>,
  Assert<Same<Api.TemplateApplied, Ok<V1['firm']['templates'][':id']['apply']['$post'], 201>>>,
  Assert<Same<Api.Page<Api.Member>, Ok<V1['firm']['members']['$get']>>>,
  Assert<Same<Api.Page<Api.PortalWork>, Ok<V1['portal']['work']['$get']>>>,
  Assert<Same<Api.Page<Api.PortalTemplate>, Ok<V1['portal']['templates']['$get']>>>,
  Assert<Same<Api.Page<Api.PortalFile>, Ok<V1['portal']['tasks'][':id']['files']['$get']>>>,
  Assert<Same<Api.Page<Api.FirmFile>, Ok<V1['firm']['tasks'][':id']['files']['$get']>>>,
  Assert<Same<Api.TaskDetail, Ok<V1['portal']['tasks'][':id']['uploads-done']['$post']>>>,
  Assert<Same<Api.SelfServiceStarted, Ok<V1['portal']['templates'][':id']['start']['$post'], 201>>>,
  // Conversations and requests, client side (issue 9).
  Assert<Same<Api.PortalMessagePage, Ok<V1['portal']['tasks'][':id']['messages']['$get']>>>,
  Assert<Same<Api.PortalMessagePage, Ok<V1['portal']['requests'][':id']['messages']['$get']>>>,
  Assert<Same<Api.PortalMessage, Ok<V1['portal']['tasks'][':id']['messages']['$post'], 201>>>,
  Assert<Same<Api.NewPortalMessage, Body<V1['portal']['requests'][':id']['messages']['$post']>>>,
  Assert<Same<Api.PortalRequestList, Ok<V1['portal']['requests']['$get']>>>,
  Assert<Same<Api.PortalRequest, Ok<V1['portal']['requests'][':id']['$get']>>>,
  Assert<Same<Api.PortalRequest, Ok<V1['portal']['requests']['$post'], 201>>>,
  Assert<Same<Api.NewPortalRequest, Body<V1['portal']['requests']['$post']>>>,
  // The limits the elements check before sending are the server's.
  Assert<Same<typeof Limits.MAX_MESSAGE_CHARS, typeof MAX_MESSAGE_CHARS>>,
  Assert<Same<typeof Limits.MAX_SUBJECT_CHARS, typeof MAX_SUBJECT_CHARS>>,
  // The elements read any error code, including ones added later.
  Assert<ServerErrorEnvelope extends Api.ErrorEnvelope ? true : false>,
];

/** The staff side of conversations and requests (issue 9). */
type Firm = V1['firm'];
export type StaffConversationChecks = [
  Assert<Same<Api.PagedList<Api.FirmMessage>, Ok<Firm['tasks'][':id']['messages']['$get']>>>,
  Assert<Same<Api.FirmMessage, Ok<Firm['tasks'][':id']['messages']['$post'], 201>>>,
  Assert<Same<Api.NewFirmMessage, Body<Firm['tasks'][':id']['messages']['$post']>>>,
  Assert<Same<Api.PagedList<Api.FirmMessage>, Ok<Firm['requests'][':id']['messages']['$get']>>>,
  Assert<Same<Api.FirmMessage, Ok<Firm['requests'][':id']['messages']['$post'], 201>>>,
  Assert<Same<Api.NewFirmMessage, Body<Firm['requests'][':id']['messages']['$post']>>>,
  Assert<Same<Api.PagedList<Api.FirmRequest>, Ok<Firm['requests']['$get']>>>,
  Assert<Same<Api.FirmRequest, Ok<Firm['requests'][':id']['$get']>>>,
  Assert<Same<Api.FirmRequest, Ok<Firm['requests'][':id']['$patch']>>>,
  Assert<Same<Api.AssignFirmRequest, Body<Firm['requests'][':id']['$patch']>>>,
  Assert<Same<Api.FirmRequest, Ok<Firm['requests'][':id'][':action{close|reopen}']['$post']>>>,
  Assert<Same<Api.FirmTask, Ok<Firm['requests'][':id']['task']['$post'], 201>>>,
  Assert<Same<Api.PagedList<Api.InboxItem>, Ok<Firm['inbox']['$get']>>>,
];

/** The contact's profile and the firm's delivery view (issue 10). */
export type NotificationChecks = [
  Assert<Same<Api.PortalProfile, Ok<V1['portal']['profile']['$get']>>>,
  Assert<Same<Api.PortalProfile, Ok<V1['portal']['profile']['$patch']>>>,
  Assert<Same<Api.PortalProfilePatch, Body<V1['portal']['profile']['$patch']>>>,
  Assert<Same<Api.PagedList<Api.DeliveryJob>, Ok<Firm['delivery']['$get']>>>,
  Assert<Same<Api.DeliveryRetried, Ok<Firm['delivery'][':id']['retry']['$post']>>>,
];

export type ClientContactChecks = [
  Assert<Same<Api.FirmClient, Ok<Firm['clients']['$post'], 201>>>,
  Assert<Same<Api.NewFirmClient, Body<Firm['clients']['$post']>>>,
  Assert<Same<Api.FirmClient, Ok<Firm['clients'][':id']['$patch']>>>,
  Assert<Same<Api.UpdateFirmClientRequest, Body<Firm['clients'][':id']['$patch']>>>,
  Assert<Same<Api.FirmContactRecord, Ok<Firm['clients'][':id']['contacts']['$post'], 201>>>,
  Assert<Same<Api.NewClientContact, Body<Firm['clients'][':id']['contacts']['$post']>>>,
  Assert<Same<Api.FirmContactRecord, Ok<Firm['contacts'][':id']['$get']>>>,
  Assert<Same<Api.FirmContactRecord, Ok<Firm['contacts'][':id']['$patch']>>>,
  Assert<Same<Api.FirmContactPatch, Body<Firm['contacts'][':id']['$patch']>>>,
  Assert<Same<Api.PagedList<Api.ContactHistoryEntry>, Ok<Firm['contacts'][':id']['history']['$get']>>>,
];

export type AccountChecks = [
  Assert<Same<Api.PreviewSession, Ok<Firm['contacts'][':id']['preview']['$post'], 201>>>,
  Assert<Same<Api.PagedList<Api.FirmActivityEntry>, Ok<Firm['activity']['$get']>>>,
  Assert<Same<Api.EmailChangeRequest, Body<V1['portal']['profile']['email']['$post']>>>,
  Assert<Same<Api.PortalProfile, Ok<V1['auth']['email']['confirm']['$post']>>>,
  Assert<Same<Api.FirmBranding, Ok<Firm['settings']['logo']['$put']>>>,
];
